package io.beamcrawl.pipeline;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A --flinkMaster nobody listens on fails the run at once, saying which address to check. */
public class FlinkUnreachableClusterTest {

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void anUnreachableClusterFailsFastWithTheAddressAndLeavesNoOutput() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    File output = tmp.newFolder("out");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    long started = System.nanoTime();
    int exit =
        new Launcher(console, console)
            .run(new String[] {
              "http://127.0.0.7:9/", "--runner=FlinkRunner", "--flinkMaster=127.0.0.1:" + closedPort,
              "--output=" + output, "--runId=unreachable"});
    long seconds = (System.nanoTime() - started) / 1_000_000_000;

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(text, Launcher.PIPELINE_FAILED, exit);
    assertThat(text, containsString("cannot reach the Flink cluster at --flinkMaster=127.0.0.1:" + closedPort));
    assertThat(text, containsString("Connection refused"));
    // Flink's own client would retry for about a minute before giving up.
    assertThat(seconds, lessThan(20L));
    try (Stream<Path> left = Files.list(output.toPath())) {
      assertTrue("nothing is left in the output", left.findAny().isEmpty());
    }
  }
}
