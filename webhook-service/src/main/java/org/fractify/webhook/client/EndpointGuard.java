package org.fractify.webhook.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.fractify.webhook.config.WebhookConfig;

/**
 * The server-side request forgery guard. A webhook URL must be https, carry no credentials, and resolve
 * only to public addresses: loopback, link-local, private (RFC 1918, ULA), CGNAT, multicast,
 * unspecified, reserved and cloud metadata addresses are refused. An operator allow-list
 * (FRACTIFY_WEBHOOK_ALLOW_HOSTS, host or host:port) lifts both rules for on-premise receivers; it
 * matches the host as written in the URL, never a resolved address, so a public name that resolves to
 * 127.0.0.1 stays refused. The check runs when a webhook is saved and again before every delivery
 * (and every redirect hop), and the delivery connects to the address that was checked.
 */
@ApplicationScoped
public class EndpointGuard {

    /** Resolves a host to its addresses; {@link InetAddress#getAllByName} outside tests. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL that may not be called, with a reason that can be shown to the webhook's owner. */
    public static class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * A checked destination: connect to {@code address}, but send {@code host} in the Host header and
     * TLS SNI, and verify the certificate against it.
     */
    public record Target(URI uri, String host, int port, boolean https, InetAddress address) {
        /** Path and query, as sent in the request line. */
        public String requestUri() {
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        }
    }

    private record AllowEntry(String host, Integer port) {
    }

    private static final int MAX_URL_LENGTH = 2048;

    private final List<AllowEntry> allowList;
    private final HostResolver resolver;

    @Inject
    public EndpointGuard(WebhookConfig config) {
        this(config.allowHosts().orElse(List.of()), InetAddress::getAllByName);
    }

    public EndpointGuard(List<String> allowHosts, HostResolver resolver) {
        this.allowList = parseAllowList(allowHosts);
        this.resolver = resolver;
    }

    /** Checks the URL's form (scheme, host, credentials, the https rule); no DNS. */
    public URI checkForm(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("url is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("url must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new Refused("url is not a valid absolute URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new Refused("url must be an absolute https URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new Refused("url has no valid host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("url must not contain credentials");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("url must not contain a fragment");
        }
        if (scheme.equals("http") && !allowListed(uri)) {
            throw new Refused("url must use https unless its host is allow-listed (FRACTIFY_WEBHOOK_ALLOW_HOSTS)");
        }
        return uri;
    }

    /**
     * Checks the form, resolves the host and checks every address it resolves to (one bad address refuses
     * the URL: a name with a public and a private record would otherwise be a coin toss). Blocking: DNS.
     *
     * @throws UnknownHostException when the host does not resolve (a transient condition at delivery)
     */
    public Target resolve(String url) throws Refused, UnknownHostException {
        URI uri = checkForm(url);
        String host = bare(uri.getHost());
        InetAddress[] addresses = resolver.resolve(host);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        boolean allowed = allowListed(uri);
        if (!allowed) {
            for (InetAddress a : addresses) {
                Optional<String> why = refusal(a);
                if (why.isPresent()) {
                    throw new Refused("url host resolves to " + why.get() + " address; webhooks may not target "
                            + "loopback, link-local, private, shared, multicast or metadata addresses unless the "
                            + "operator allow-lists the host (FRACTIFY_WEBHOOK_ALLOW_HOSTS)");
                }
            }
        }
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        return new Target(uri, uri.getHost(), effectivePort(uri), https, addresses[0]);
    }

    /** Whether the URL's host (as written), with its port, is on the operator's allow-list. */
    public boolean allowListed(URI uri) {
        String host = bare(uri.getHost());
        int port = effectivePort(uri);
        return allowList.stream().anyMatch(e -> e.host().equals(host) && (e.port() == null || e.port() == port));
    }

    /** Why an address may not be called (e.g. "a loopback"), or empty when it is a public unicast address. */
    public static Optional<String> refusal(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Optional<InetAddress> embedded = embeddedIpv4(b);
            if (embedded.isPresent()) {
                return refusal(embedded.get());
            }
            if (a.isAnyLocalAddress()) {
                return Optional.of("an unspecified");
            }
            if (a.isLoopbackAddress()) {
                return Optional.of("a loopback");
            }
            if (a.isMulticastAddress()) {
                return Optional.of("a multicast");
            }
            if (a.isLinkLocalAddress()) {
                return Optional.of("a link-local");
            }
            if ((b[0] & 0xfe) == 0xfc) { // fc00::/7 unique local, which holds fd00:ec2::254 (AWS metadata)
                return Optional.of(isAwsMetadata(b) ? "a cloud metadata" : "a private (unique local)");
            }
            if (a.isSiteLocalAddress()) { // fec0::/10, deprecated site-local
                return Optional.of("a private (site-local)");
            }
            if ((b[0] & 0xff) == 0x01 && b[1] == 0 && allZero(b, 2, 8)) { // 100::/64 discard-only
                return Optional.of("a reserved");
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return Optional.of("a documentation");
            }
            return Optional.empty();
        }
        byte[] b = a.getAddress();
        int o0 = b[0] & 0xff;
        int o1 = b[1] & 0xff;
        int o2 = b[2] & 0xff;
        if (o0 == 169 && o1 == 254 && o2 == 169 && (b[3] & 0xff) == 254) {
            return Optional.of("a cloud metadata");
        }
        if (o0 == 168 && o1 == 63 && o2 == 129 && (b[3] & 0xff) == 16) { // Azure's platform endpoint
            return Optional.of("a cloud metadata");
        }
        if (o0 == 0) {
            return Optional.of("an unspecified");
        }
        if (o0 == 127) {
            return Optional.of("a loopback");
        }
        if (o0 == 10 || (o0 == 172 && o1 >= 16 && o1 <= 31) || (o0 == 192 && o1 == 168)) {
            return Optional.of("a private (RFC 1918)");
        }
        if (o0 == 100 && o1 >= 64 && o1 <= 127) {
            return Optional.of("a shared (CGNAT)");
        }
        if (o0 == 169 && o1 == 254) {
            return Optional.of("a link-local");
        }
        if (o0 >= 224 && o0 <= 239) {
            return Optional.of("a multicast");
        }
        if (o0 >= 240) {
            return Optional.of("a reserved");
        }
        if (o0 == 192 && o1 == 0 && o2 == 0) {
            return Optional.of("a reserved (IETF protocol)");
        }
        if (o0 == 198 && (o1 == 18 || o1 == 19)) {
            return Optional.of("a reserved (benchmarking)");
        }
        if ((o0 == 192 && o1 == 0 && o2 == 2) || (o0 == 198 && o1 == 51 && o2 == 100) || (o0 == 203 && o1 == 0 && o2 == 113)) {
            return Optional.of("a documentation");
        }
        return Optional.empty();
    }

    /** IPv4 inside IPv6: mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16. */
    private static Optional<InetAddress> embeddedIpv4(byte[] b) {
        byte[] v4 = null;
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            v4 = java.util.Arrays.copyOfRange(b, 12, 16);
        } else if (allZero(b, 0, 12) && !allZero(b, 12, 15)) { // not :: or ::1
            v4 = java.util.Arrays.copyOfRange(b, 12, 16);
        } else if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            v4 = java.util.Arrays.copyOfRange(b, 12, 16);
        } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
            v4 = java.util.Arrays.copyOfRange(b, 2, 6);
        }
        if (v4 == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Inet4Address.getByAddress(v4));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static boolean isAwsMetadata(byte[] b) {
        // fd00:ec2::254
        return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                && allZero(b, 4, 14) && b[14] == 0x02 && (b[15] & 0xff) == 0x54;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /** Lower case, without IPv6 brackets and a trailing dot: the form allow-list entries are compared in. */
    static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    private static List<AllowEntry> parseAllowList(List<String> entries) {
        List<AllowEntry> out = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            Integer port = null;
            String host = e;
            if (e.startsWith("[")) { // [v6] or [v6]:port
                int close = e.indexOf(']');
                host = e.substring(1, close);
                if (close + 1 < e.length() && e.charAt(close + 1) == ':') {
                    port = Integer.parseInt(e.substring(close + 2));
                }
            } else if (e.indexOf(':') > 0 && e.indexOf(':') == e.lastIndexOf(':')) { // host:port
                host = e.substring(0, e.indexOf(':'));
                port = Integer.parseInt(e.substring(e.indexOf(':') + 1));
            }
            out.add(new AllowEntry(bare(host), port));
        }
        return List.copyOf(out);
    }
}
