package dev.tock.http;

/** The HTTP methods Tock's routes use. */
public enum HttpMethod {
    GET, POST, PUT, DELETE;

    /** The method named {@code name} (upper case, as on the wire), or empty for any other. */
    static java.util.Optional<HttpMethod> parse(String name) {
        for (HttpMethod m : values()) {
            if (m.name().equals(name)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
