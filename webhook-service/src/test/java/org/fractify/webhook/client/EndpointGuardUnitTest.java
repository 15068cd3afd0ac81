package org.fractify.webhook.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointGuardUnitTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: no DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static EndpointGuard guard(List<String> allow, Map<String, String[]> dns) {
        return new EndpointGuard(allow, host -> {
            String[] answers = dns.get(host);
            if (answers == null) {
                if (host.matches("[0-9.]+") || host.contains(":")) {
                    return new InetAddress[] {ip(host)};
                }
                throw new UnknownHostException(host);
            }
            return java.util.Arrays.stream(answers).map(EndpointGuardUnitTest::ip).toArray(InetAddress[]::new);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.10",
            "100.64.0.1", "100.127.255.255", "169.254.169.254", "169.254.1.1", "0.0.0.0", "224.0.0.1", "239.1.1.1",
            "240.0.0.1", "255.255.255.255", "168.63.129.16", "::1", "::", "fe80::1", "fc00::1", "fd00:ec2::254",
            "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "fec0::1"})
    void refusesNonPublicAddresses(String address) {
        assertThat(EndpointGuard.refusal(ip(address))).as(address).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111"})
    void acceptsPublicAddresses(String address) {
        assertThat(EndpointGuard.refusal(ip(address))).as(address).isEmpty();
    }

    @Test
    void namesTheKindOfAddress() {
        assertThat(EndpointGuard.refusal(ip("169.254.169.254"))).contains("a cloud metadata");
        assertThat(EndpointGuard.refusal(ip("fd00:ec2::254"))).contains("a cloud metadata");
        assertThat(EndpointGuard.refusal(ip("100.64.1.1"))).contains("a shared (CGNAT)");
    }

    @Test
    void httpsIsRequiredUnlessTheHostIsAllowListed() throws Exception {
        EndpointGuard g = guard(List.of("127.0.0.1", "hooks.internal:8443"), Map.of());
        assertThatThrownBy(() -> g.checkForm("http://hooks.example.org/x"))
                .hasMessage("url must use https unless its host is allow-listed (FRACTIFY_WEBHOOK_ALLOW_HOSTS)");
        assertThat(g.checkForm("http://127.0.0.1:9000/x").getPort()).isEqualTo(9000);
        assertThat(g.checkForm("http://hooks.internal:8443/x")).isNotNull();
        assertThatThrownBy(() -> g.checkForm("http://hooks.internal:8080/x")).hasMessageContaining("https");
        assertThatThrownBy(() -> g.checkForm("ftp://hooks.example.org/x")).hasMessageContaining("https URL");
        assertThatThrownBy(() -> g.checkForm("https://user:pw@hooks.example.org/")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> g.checkForm("https://hooks.example.org/#frag")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> g.checkForm("/relative")).hasMessageContaining("absolute");
    }

    @Test
    void everyResolvedAddressIsCheckedAndTheAllowListMatchesTheHostAsWritten() throws Exception {
        EndpointGuard g = guard(List.of("127.0.0.1", "hooks.internal:8443"), Map.of(
                "public.example", new String[] {"93.184.216.34"},
                "mixed.example", new String[] {"93.184.216.34", "10.0.0.7"},
                "localhost", new String[] {"127.0.0.1"},
                "hooks.internal", new String[] {"10.0.0.5"}));
        assertThat(g.resolve("https://public.example/hook").address()).isEqualTo(ip("93.184.216.34"));
        assertThatThrownBy(() -> g.resolve("https://mixed.example/hook")).hasMessageContaining("a private (RFC 1918)");
        // localhost is not on the list even though 127.0.0.1 is: the list names hosts, not addresses
        assertThatThrownBy(() -> g.resolve("https://localhost/hook")).hasMessageContaining("a loopback");
        assertThat(g.resolve("https://hooks.internal:8443/hook").address()).isEqualTo(ip("10.0.0.5"));
        assertThatThrownBy(() -> g.resolve("https://hooks.internal:9443/hook")).hasMessageContaining("a private");
        assertThatThrownBy(() -> g.resolve("https://nowhere.example/")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aNameThatStartsResolvingToAPrivateAddressIsRefusedAtTheNextCheck() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        EndpointGuard g = new EndpointGuard(List.of(), host -> new InetAddress[] {
                lookups.incrementAndGet() == 1 ? ip("93.184.216.34") : ip("127.0.0.1")});
        EndpointGuard.Target first = g.resolve("https://rebinding.example/hook");
        assertThat(first.address()).isEqualTo(ip("93.184.216.34"));
        assertThat(first.host()).isEqualTo("rebinding.example");
        assertThatThrownBy(() -> g.resolve("https://rebinding.example/hook")).hasMessageContaining("a loopback");
    }

    @Test
    void ipv6AllowListEntries() throws Exception {
        EndpointGuard g = guard(List.of("[::1]:9000", " 127.0.0.1 "), Map.of());
        assertThat(g.resolve("http://[::1]:9000/x").address()).isEqualTo(ip("::1"));
        assertThatThrownBy(() -> g.resolve("https://[::1]:9001/x")).hasMessageContaining("a loopback");
        assertThat(g.resolve("http://127.0.0.1/x").requestUri()).isEqualTo("/x");
    }
}
