package io.costslo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costslo.app.operator.EmbeddedCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `costslo run` refuses, in one line, to start without a cluster it can use. */
class ClusterPreflightMockTest {
  @Test
  void noKubeconfigOutsideAPod() {
    Config none = new ConfigBuilder(Config.empty()).withMasterUrl("https://kubernetes.default.svc").build();
    assertThatThrownBy(() -> ClusterPreflight.check(none, false, Optional.empty()))
        .isInstanceOf(CliInputException.class).hasMessageContaining("no kubeconfig").hasMessageContaining("KUBECONFIG");
  }

  @Test
  void anApiServerThatDoesNotAnswer() throws Exception {
    try (Socket refusing = refusingPort()) {
      int port = refusing.getLocalPort();
      Config closed = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build();
      assertThatThrownBy(() -> ClusterPreflight.check(closed, false, Optional.empty()))
          .isInstanceOf(CliInputException.class)
          .hasMessageContaining("cannot reach the API server at http://127.0.0.1:" + port)
          .hasMessageContaining("current context");
    }
  }

  /**
   * A loopback port that refuses connections for as long as the socket is open: bound but never listening,
   * and without SO_REUSEADDR so no other process can bind it meanwhile. (Closing a probed port-0 socket and
   * then using its number raced with whatever else on the machine was handed that port next.)
   */
  static Socket refusingPort() throws IOException {
    Socket s = new Socket();
    s.setReuseAddress(false);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return s;
  }

  @Test
  void anApiServerWithoutTheCrd() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try {
      Config config = server.createClient().getConfiguration();
      assertThatThrownBy(() -> ClusterPreflight.check(config, false, Optional.of("team-a")))
          .isInstanceOf(CliInputException.class).hasMessageContaining("CRD (inferencecostpolicies.costslo.io) is not installed")
          .hasMessageContaining("crds.install=true");
    } finally {
      server.destroy();
    }
  }

  @Test
  void aClusterWithTheCrdPasses() {
    try (EmbeddedCluster cluster = EmbeddedCluster.start()) {
      assertThatCode(() -> ClusterPreflight.check(cluster.client().getConfiguration(), false, Optional.empty()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  void theCommandReportsTheProblemInOneLine() throws Exception {
    try (Socket refusing = refusingPort()) {
      reportsInOneLine(refusing.getLocalPort());
    }
  }

  private static void reportsInOneLine(int port) {
    var cli = OperatorCommand.commandLine(new OperatorCommand());
    var err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    String old = System.getProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
    System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, "http://127.0.0.1:" + port);
    try {
      assertThat(cli.execute("run", "--http-port=0", "--http-address=127.0.0.1")).isEqualTo(CliErrors.USAGE);
    } finally {
      if (old == null) {
        System.clearProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
      } else {
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, old);
      }
    }
    assertThat(err.toString().lines().toList()).hasSize(1);
    assertThat(err.toString()).startsWith("costslo run: cannot reach the API server");
  }
}
