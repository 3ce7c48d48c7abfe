package latentlab.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The link a class opens. {@code --public-url} wins (a reverse proxy, a tunnel, Docker's host port);
 * otherwise a server bound to all interfaces is reached at this machine's LAN address, and one bound to
 * a single address at that address.
 */
public final class ShareLink {
    private ShareLink() {}

    public static String viewerUrl(String host, int port, String publicUrl) {
        if (publicUrl != null) {
            return publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
        }
        return "http://" + inUrl(bindsAll(host) ? lanAddress().orElse("localhost") : host) + ":" + port + "/";
    }

    /** A host as it goes into a URL: an IPv6 literal in brackets. */
    static String inUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** True when only this machine can open the link (the default 127.0.0.1). */
    public static boolean loopbackOnly(String host, String publicUrl) {
        if (publicUrl != null || bindsAll(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static boolean bindsAll(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** {@code --public-url}: an absolute http(s) URL without query or fragment. */
    public static String checkPublicUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException();
            }
            return url;
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--public-url must be an http(s) URL such as https://lab.example.org/, got " + url);
        }
    }

    /** This machine's address on the local network: an up, non-loopback, non-virtual IPv4 one, private ranges first. */
    public static Optional<String> lanAddress() {
        List<InetAddress> candidates = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual() || nic.isPointToPoint()
                        || nic.getName().startsWith("docker") || nic.getName().startsWith("br-")
                        || nic.getName().startsWith("veth")) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        candidates.add(address);
                    }
                }
            }
        } catch (SocketException e) {
            return Optional.empty();
        }
        return candidates.stream().sorted((a, b) -> Boolean.compare(!a.isSiteLocalAddress(), !b.isSiteLocalAddress()))
                .map(InetAddress::getHostAddress).findFirst();
    }

    /**
     * The host names (not addresses) this server answers to: localhost, this machine's name (and its
     * {@code .local} mDNS form), the bound host when it is a name, {@code --public-url}'s host and the hosts
     * of the allowed origins. Lower case.
     */
    public static java.util.Set<String> hostNames(String boundHost, String publicUrl, java.util.Collection<String> allowedOrigins) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        names.add("localhost");
        names.add(boundHost.toLowerCase(java.util.Locale.ROOT));
        try {
            String machine = InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
            names.add(machine);
            names.add(machine + ".local");
        } catch (java.io.IOException e) {
            // no name for this machine: addresses and localhost still work
        }
        if (publicUrl != null) {
            names.add(URI.create(publicUrl).getHost().toLowerCase(java.util.Locale.ROOT));
        }
        for (String origin : allowedOrigins) {
            try {
                String host = URI.create(origin).getHost();
                if (host != null) {
                    names.add(host.toLowerCase(java.util.Locale.ROOT));
                }
            } catch (IllegalArgumentException e) {
                // not a URL: it can match no Origin either
            }
        }
        return names;
    }
}
