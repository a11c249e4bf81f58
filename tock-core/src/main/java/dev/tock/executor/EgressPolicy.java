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

    /** Why a host given as an address literal is refused, without resolving anything; empty for host names and allowed addresses. */
    public Optional<String> refusesLiteral(String host) {
        String name = normalise(host);
        if (!Cidr.looksLikeAddress(name) || hostNamed(name)) {
            return Optional.empty();
        }
        try {
            InetAddress address = InetAddress.getByName(name);
            return addressAllowed(address) ? Optional.empty() : Optional.of(refusal(host, address));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
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

    private String refusal(String host, InetAddress address) {
        String what = isPublic(address) ? "a public address" : "a private, loopback, link-local or reserved address";
        String shown = host.equals(address.getHostAddress()) ? host : host + " (" + address.getHostAddress() + ")";
        return "egress to " + shown + " refused: " + what + " that http-egress-allow (" + String.join(",", entries)
                + ") does not allow";
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
