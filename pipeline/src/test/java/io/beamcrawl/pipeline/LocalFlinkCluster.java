package io.beamcrawl.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Flink session cluster started and stopped through {@code scripts/flink-cluster}, on free
 * loopback ports and in its own home directory, and the crawl jar submitted to it as the user
 * would: {@code java -jar beamcrawl.jar --runner=FlinkRunner --flinkMaster=...}.
 */
final class LocalFlinkCluster implements AutoCloseable {

  /** What scripts/crawl passes on Java 17, so the client side of a Flink run is the same. */
  static final List<String> JAVA_17_OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path repo;
  private final Path home;
  private final int port;
  private final int rpcPort;
  private final int slots;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  private LocalFlinkCluster(Path repo, Path home, int port, int rpcPort, int slots) {
    this.repo = repo;
    this.home = home;
    this.port = port;
    this.rpcPort = rpcPort;
    this.slots = slots;
  }

  /** Starts a cluster with the given slots; returns once its TaskManager has registered. */
  static LocalFlinkCluster start(Path repo, Path home, int slots) throws IOException, InterruptedException {
    return start(repo, home, slots, 0);
  }

  /** As {@link #start(Path, Path, int)}, with a fixed-delay restart strategy for the jobs it runs. */
  static LocalFlinkCluster start(Path repo, Path home, int slots, int restartAttempts)
      throws IOException, InterruptedException {
    LocalFlinkCluster cluster;
    // Both sockets are open at once, so the two ports cannot be the same one.
    try (ServerSocket rest = freeSocket(); ServerSocket rpc = freeSocket()) {
      cluster = new LocalFlinkCluster(repo, home, rest.getLocalPort(), rpc.getLocalPort(), slots);
    }
    // A cluster an aborted earlier run left in this home would be taken as already running.
    cluster.script("stop", Map.of(), 60);
    cluster.script(
        "start",
        Map.of(
            "BEAMCRAWL_FLINK_SLOTS", String.valueOf(slots),
            "BEAMCRAWL_FLINK_RESTART_ATTEMPTS", String.valueOf(restartAttempts)),
        180);
    return cluster;
  }

  /** The TaskManager's pid, from the script's pid file. */
  long taskManagerPid() throws IOException {
    return Long.parseLong(Files.readString(home.resolve("taskmanager.pid"), StandardCharsets.UTF_8).trim());
  }

  /** SIGKILLs the TaskManager, as a crashed machine would lose it: no shutdown, no goodbye to the JobManager. */
  void killTaskManager() throws IOException, InterruptedException {
    long pid = taskManagerPid();
    ProcessHandle process =
        ProcessHandle.of(pid).orElseThrow(() -> new IOException("no TaskManager process " + pid));
    // The pid file may outlive its process, and a pid can be reused.
    String commandLine = Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"), StandardCharsets.UTF_8);
    if (!commandLine.contains("org.apache.flink.runtime.taskexecutor.TaskManagerRunner") || !process.destroyForcibly()) {
      throw new IOException("pid " + pid + " is not a TaskManager that can be killed");
    }
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("the TaskManager (pid " + pid + ") did not die", e);
    }
  }

  /** Starts a new TaskManager for the running JobManager; returns once it registered. */
  void startTaskManager() throws IOException, InterruptedException {
    script("start", Map.of("BEAMCRAWL_FLINK_SLOTS", String.valueOf(slots)), 120);
  }

  Path logs() {
    return home.resolve("log");
  }

  /** host:port for --flinkMaster. */
  String master() {
    return "127.0.0.1:" + port;
  }

  /** GETs a path of the cluster's REST API as JSON. */
  JsonNode rest(String path) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + master() + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** Cancels a job through the REST API. */
  void cancel(String jobId) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://" + master() + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException("cancelling " + jobId + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  /** Runs the crawl jar against this cluster; its console goes to {@code log}. Returns the exit code. */
  int submit(Path jar, Path log, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JAVA_17_OPENS);
    command.addAll(List.of("-jar", jar.toString(), "--runner=FlinkRunner", "--flinkMaster=" + master()));
    command.addAll(args);
    return run(command, Map.of(), log, 240);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    script("stop", Map.of(), 60);
  }

  private void script(String action, Map<String, String> env, int timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> command = List.of(repo.resolve("scripts/flink-cluster").toString(), action);
    Map<String, String> settings =
        new java.util.HashMap<>(
            Map.of(
                "BEAMCRAWL_FLINK_HOME", home.toString(),
                "BEAMCRAWL_FLINK_PORT", String.valueOf(port),
                "BEAMCRAWL_FLINK_RPC_PORT", String.valueOf(rpcPort)));
    settings.putAll(env);
    Path log = home.resolveSibling(home.getFileName() + "-" + action + ".log");
    int exit = run(command, settings, log, timeoutSeconds);
    if (exit != 0) {
      throw new IOException(
          "scripts/flink-cluster " + action + " exited with " + exit + ":\n"
              + Files.readString(log, StandardCharsets.UTF_8));
    }
  }

  private int run(List<String> command, Map<String, String> env, Path log, int timeoutSeconds)
      throws IOException, InterruptedException {
    Files.createDirectories(log.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(command.get(0) + " did not end within " + timeoutSeconds + "s; see " + log);
    }
    return process.exitValue();
  }

  private static ServerSocket freeSocket() throws IOException {
    return new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
  }

  static Path path(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set; run through mvn verify");
    }
    return new File(value).toPath().toAbsolutePath().normalize();
  }
}
