package dev.tock.executor;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which hosts the HTTP executor may reach ({@code http-egress-allow}). Entries are {@code public} (any
 * public address), host names ({@code hooks.example.com}, or {@code *.svc.cluster.local} for a domain's
 * hosts) and addresses or CIDR ranges ({@code 10.1.0.0/16}, {@code 127.0.0.1}, {@code ::1/128}).
 *
 * <p>A host named by a host-name entry is allowed. Any other host is resolved and every address it
 * resolves to must be allowed: inside a CIDR entry, or public while {@code public} is listed. Loopback,
 * private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved
 * ranges are never public, so they are reached only when an entry names them (SSRF protection). The
 * check runs before every request and before following every redirect.
 */
public final class EgressPolicy {
    public static final String PUBLIC = "public";
    /** Any public address; nothing private. */
    public static final EgressPolicy DEFAULT = parse(List.of(PUBLIC));

    private static final List<Cidr> NOT_PUBLIC = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32",
            "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8").stream().map(Cidr::parse).toList();

    /** The setting and its variable, named in refusals (the config package names them too; it depends on this one). */
    static final String SETTING = "http-egress-allow";
    static final String VARIABLE = "TOCK_HTTP_EGRESS_ALLOW";
    private static final Cidr LOOPBACK = Cidr.parse("127.0.0.0/8");
    private static final Cidr LINK_LOCAL = Cidr.parse("169.254.0.0/16");
    private static final List<Cidr> PRIVATE = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
            .stream().map(Cidr::parse).toList();

    private final List<String> entries;
    private final boolean publicAllowed;
    private final List<String> exactHosts = new ArrayList<>();
    private final List<String> domainSuffixes = new ArrayList<>();
    private final List<Cidr> ranges = new ArrayList<>();

    private EgressPolicy(List<String> entries) {
        this.entries = List.copyOf(entries);
        boolean pub = false;
        for (String raw : entries) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.equals(PUBLIC)) {
                pub = true;
            } else if (Cidr.looksLikeAddress(entry)) {
                ranges.add(Cidr.parse(entry));
            } else if (entry.startsWith("*.") && isHostName(entry.substring(2))) {
                domainSuffixes.add(entry.substring(1));
            } else if (isHostName(entry)) {
                exactHosts.add(entry);
            } else {
                throw new IllegalArgumentException("\"" + raw + "\" is neither public, a host name, *.domain, an address nor a CIDR range");
            }
        }
        this.publicAllowed = pub;
    }

    /**
     * The policy of these entries.
     *
     * @throws IllegalArgumentException naming an entry that is not an address, range, host name or {@code public}
     */
    public static EgressPolicy parse(List<String> entries) {
        return new EgressPolicy(entries);
    }

    /** The entries as configured. */
    public List<String> entries() {
        return entries;
    }

    /**
     * Checks a host and returns its addresses.
     *
     * @throws EgressRefusedException when the policy does not allow it or any address it resolves to
     * @throws UnknownHostException when it does not resolve
     */
    public List<InetAddress> check(String host) throws UnknownHostException {
        String name = normalise(host);
        boolean named = hostNamed(name);
        List<InetAddress> addresses = List.of(InetAddress.getAllByName(name));
        if (!named) {
            for (InetAddress address : addresses) {
                if (!addressAllowed(address)) {
                    throw new EgressRefusedException(refusal(host, address));
                }
            }
        }
        return addresses;
    }

    /**
     * Why a job's host is refused when the job is created, before any request: an address literal, or
     * {@code localhost}, which always means this machine. Empty for other host names (checked before each
     * request) and for allowed hosts.
     */
    public Optional<String> refusesAtCreation(String host) {
        String name = normalise(host);
        if (hostNamed(name) || !(Cidr.looksLikeAddress(name) || isLoopbackName(name))) {
            return Optional.empty();
        }
        try {
            check(host);
            return Optional.empty();
        } catch (EgressRefusedException e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** {@code localhost}: this machine's loopback, resolved from the hosts file, never through DNS. */
    private static boolean isLoopbackName(String name) {
        return name.equals("localhost") || name.equals("localhost.");
    }

    /** Whether an address is in no private, loopback, link-local or reserved range. */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        return NOT_PUBLIC.stream().noneMatch(r -> r.contains(address));
    }

    private boolean addressAllowed(InetAddress address) {
        return ranges.stream().anyMatch(r -> r.contains(address)) || (publicAllowed && isPublic(address));
    }

    private boolean hostNamed(String name) {
        return exactHosts.contains(name) || domainSuffixes.stream().anyMatch(name::endsWith);
    }

    /**
     * Says what the address is and the exact setting that would allow the host: today's entries plus the
     * host (its name, when it was given by name), as a flag and as a variable.
     */
    private String refusal(String host, InetAddress address) {
        String name = normalise(host);
        String shown = name.equals(address.getHostAddress()) || Cidr.looksLikeAddress(name) ? name
                : name + " (" + address.getHostAddress() + ")";
        List<String> allowed = new ArrayList<>(entries.stream().map(String::trim).filter(e -> !e.isEmpty()).toList());
        allowed.add(name);
        String value = String.join(",", allowed);
        return "egress to " + shown + " refused: " + kind(address) + ", which " + SETTING + " (" + String.join(",", entries)
                + ") does not allow; allow it with --set " + SETTING + "=" + value + " (or " + VARIABLE + "=" + value + ")";
    }

    private static String kind(InetAddress address) {
        if (isPublic(address)) {
            return "a public address";
        }
        if (address.isLoopbackAddress() || LOOPBACK.contains(address)) {
            return "a loopback address";
        }
        if (address.isLinkLocalAddress() || LINK_LOCAL.contains(address)) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress() || PRIVATE.stream().anyMatch(r -> r.contains(address))) {
            return "a private address";
        }
        return "a reserved address";
    }

    private static String normalise(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    private static boolean isHostName(String s) {
        return s.matches("[a-z0-9]([a-z0-9-]{0,62})(\\.[a-z0-9]([a-z0-9-]{0,62}))*\\.?") && s.length() <= 253;
    }

    @Override
    public String toString() {
        return String.join(",", entries);
    }
}
