package dev.tock.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void privateLoopbackLinkLocalAndReservedAddressesAreNotPublic() throws Exception {
        for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::2",
                "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2001:db8::1")) {
            assertThat(EgressPolicy.isPublic(ip(address))).as(address).isFalse();
        }
        for (String address : List.of("8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2606:4700::1111")) {
            assertThat(EgressPolicy.isPublic(ip(address))).as(address).isTrue();
        }
    }

    @Test
    void theDefaultPolicyRefusesLoopbackByAddressAndByName() {
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("127.0.0.1")).hasValueSatisfying(why ->
                assertThat(why).contains("egress to 127.0.0.1 refused").contains("http-egress-allow (public)"));
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("[::1]")).isPresent();
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("8.8.8.8")).isEmpty();
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("hooks.example.com")).as("names are checked at run time").isEmpty();
        assertThatThrownBy(() -> EgressPolicy.DEFAULT.check("localhost"))
                .isInstanceOf(EgressRefusedException.class).hasMessageContaining("egress to localhost (");
    }

    @Test
    void localhostIsRefusedAtCreationLikeItsAddress() {
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("localhost")).hasValueSatisfying(why ->
                assertThat(why).startsWith("egress to localhost (").contains("a loopback address"));
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("LOCALHOST")).isPresent();
        assertThat(EgressPolicy.parse(List.of("public", "localhost")).refusesAtCreation("localhost")).isEmpty();
    }

    @Test
    void aRefusalNamesTheExactSettingThatAllowsTheHost() {
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("10.0.0.5")).hasValue("egress to 10.0.0.5 refused: a private address, "
                + "which http-egress-allow (public) does not allow; allow it with --set http-egress-allow=public,10.0.0.5 "
                + "(or TOCK_HTTP_EGRESS_ALLOW=public,10.0.0.5)");
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("169.254.169.254")).hasValueSatisfying(why ->
                assertThat(why).contains("a link-local address").contains("--set http-egress-allow=public,169.254.169.254"));
        assertThat(EgressPolicy.DEFAULT.refusesAtCreation("[::1]")).hasValueSatisfying(why ->
                assertThat(why).contains("a loopback address").contains("--set http-egress-allow=public,::1 "));
        assertThat(EgressPolicy.parse(List.of("10.0.0.0/8")).refusesAtCreation("8.8.8.8")).hasValueSatisfying(why ->
                assertThat(why).contains("a public address").contains("--set http-egress-allow=10.0.0.0/8,8.8.8.8 "));
        assertThatThrownBy(() -> EgressPolicy.DEFAULT.check("localhost")).hasMessageContaining("--set http-egress-allow=public,localhost ");
    }

    @Test
    void rangesAndNamesAllowWhatTheyCover() throws Exception {
        EgressPolicy policy = EgressPolicy.parse(List.of("10.0.0.0/8", "127.0.0.1", "localhost", "*.svc.cluster.local"));
        assertThat(policy.refusesAtCreation("10.200.3.4")).isEmpty();
        assertThat(policy.refusesAtCreation("127.0.0.1")).isEmpty();
        assertThat(policy.refusesAtCreation("127.0.0.2")).isPresent();
        assertThat(policy.refusesAtCreation("8.8.8.8")).as("public is not listed").isPresent();
        assertThat(policy.check("localhost")).isNotEmpty();
        assertThat(EgressPolicy.parse(List.of("::1/128")).refusesAtCreation("::1")).isEmpty();
        assertThat(EgressPolicy.parse(List.of("fd00::/8")).refusesAtCreation("fd12::1")).isEmpty();
    }

    @Test
    void badEntriesAreRefused() {
        for (String bad : List.of("10.0.0.0/33", "not a host", "10.0.0.0/x", "::1/129", "-bad-.com")) {
            assertThatThrownBy(() -> EgressPolicy.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
