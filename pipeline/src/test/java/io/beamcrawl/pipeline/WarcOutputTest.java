package io.beamcrawl.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.beamcrawl.testing.TestWebServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * With --warc, every exchange is in WARC files that an independent reader (warcio.js) reads, and
 * each page row's warc_* columns point at exactly its record.
 */
public class WarcOutputTest {

  private static final byte[] ZIPPED_HTML =
      "<html><body><p>served compressed</p></body></html>".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CHUNKED_HTML =
      "<html><body><p>served in chunks</p></body></html>".getBytes(StandardCharsets.UTF_8);

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyExchangeIsArchivedAndEveryRowFindsItsRecord() throws Exception {
    try (TestSite site = new TestSite("127.0.0.19")) {
      site.page("/", "/a", "/moved", "/gone", "/zipped", "/chunked", "/slow");
      site.page("/a", "/");
      site.page("/b", "/");
      site.server.redirect("/moved", 301, "/b");
      byte[] zipped = gzip(ZIPPED_HTML);
      site.server.handler("/zipped", exchange -> {
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        TestWebServer.send(exchange, 200, zipped);
      });
      site.server.handler("/chunked", exchange -> {
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(200, 0); // no length: chunked
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(CHUNKED_HTML, 0, 20);
          out.flush();
          out.write(CHUNKED_HTML, 20, CHUNKED_HTML.length - 20);
        }
      });
      site.server.handler("/slow", exchange -> {
        try {
          Thread.sleep(3_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        TestWebServer.send(exchange, 200, "late".getBytes(StandardCharsets.UTF_8));
      });
      Path output = tmp.newFolder("out").toPath();
      Cli cli =
          Cli.run(site.url("/"), "--output=" + output, "--allowPrivateNetworks", "--warc=true",
              "--warcFileBytes=3000", "--fetchTimeoutSeconds=1", "--fetchMaxAttempts=1");
      assertEquals(cli.console(), 0, cli.exitCode());

      List<Path> files;
      try (Stream<Path> found = Files.list(output.resolve("warc").toFile().listFiles()[0].toPath())) {
        files = found.sorted().toList();
      }
      assertTrue("files rotate at --warcFileBytes: " + files, files.size() > 1);
      for (Path file : files) {
        assertTrue(file.toString(), file.getFileName().toString().matches(
            "beamcrawl-\\d{14}-\\d{5}-[A-Za-z0-9._-]+\\.warc\\.gz"));
      }
      List<JsonNode> records = NodeReaders.warcRecords(files);
      Map<String, JsonNode> byPlace = new HashMap<>();
      Map<String, JsonNode> byId = new HashMap<>();
      for (JsonNode record : records) {
        byPlace.put(Path.of(record.get("file").asText()).getFileName() + "@" + record.get("offset").asLong(), record);
        byId.put(record.get("id").asText(), record);
      }
      for (Path file : files) {
        JsonNode first = byPlace.get(file.getFileName() + "@0");
        assertEquals("every file opens with its warcinfo", "warcinfo", first.get("type").asText());
        assertTrue(first.get("text").asText(), first.get("text").asText().contains("isPartOf: "));
      }

      // Every request the server saw (robots.txt and sitemaps aside) is a request record, as many
      // times.
      List<String> asked = new ArrayList<>();
      site.server.requestedPaths().stream()
          .filter(p -> !p.equals("/robots.txt") && !p.equals("/sitemap.xml"))
          .forEach(p -> asked.add(site.url(p)));
      List<String> archived = new ArrayList<>();
      for (JsonNode record : records) {
        if (record.get("type").asText().equals("request")) {
          archived.add(record.get("uri").asText());
        }
      }
      assertEquals(asked.stream().sorted().toList(), archived.stream().sorted().toList());

      int rows = 0;
      try (ResultSet row = Lake.query(
          "SELECT url, final_url, status_code, error_type, warc_filename, warc_record_offset,"
              + " warc_record_length FROM " + Lake.table(output, "pages") + " ORDER BY url")) {
        while (row.next()) {
          rows++;
          String url = row.getString(1);
          String filename = row.getString(5);
          assertNotNull(url, filename);
          Path file = output.resolve(filename);
          assertTrue(filename, Files.isRegularFile(file));
          JsonNode record = byPlace.get(file.getFileName() + "@" + row.getLong(6));
          assertNotNull(url + " points at a record start", record);
          assertEquals(url, record.get("length").asLong(), row.getLong(7));
          String recordText = rangedRead(file, row.getLong(6), row.getLong(7));
          assertTrue(recordText, recordText.startsWith("WARC/1.1\r\n"));
          if (url.endsWith("/slow")) {
            assertEquals("timeout", row.getString(4));
            assertEquals("metadata", record.get("type").asText());
            assertEquals(url, record.get("uri").asText());
            assertTrue(record.get("text").asText(), record.get("text").asText().startsWith("fetchError: timeout"));
          } else {
            assertEquals(url, "response", record.get("type").asText());
            assertEquals(url, row.getString(2), record.get("uri").asText());
            assertEquals(url, row.getInt(3), record.get("status").asInt());
            assertTrue(recordText.contains("WARC-Target-URI: " + row.getString(2) + "\r\n"));
            JsonNode request = byId.get(record.get("concurrentTo").asText());
            assertEquals("request", request.get("type").asText());
            assertEquals(row.getString(2), request.get("uri").asText());
          }
        }
      }
      assertEquals("/, /a, /moved (to /b), /gone, /zipped, /chunked, /slow", 7, rows);

      // The redirect is a response of its own, before the request it led to.
      JsonNode redirect = only(records, "response", site.url("/moved"));
      assertEquals(301, redirect.get("status").asInt());
      assertEquals("/b", redirect.get("headers").get("location").asText());
      assertTrue(redirect.get("offset").asLong() < only(records, "request", site.url("/b")).get("offset").asLong()
          || !redirect.get("file").equals(only(records, "request", site.url("/b")).get("file")));
      // Bodies as they came: still gzip-encoded, and chunks joined, the header kept aside.
      JsonNode zippedRecord = only(records, "response", site.url("/zipped"));
      assertEquals("gzip", zippedRecord.get("headers").get("content-encoding").asText());
      assertEquals(sha1(zipped), zippedRecord.get("payloadSha1").asText());
      JsonNode chunked = only(records, "response", site.url("/chunked"));
      assertEquals(sha1(CHUNKED_HTML), chunked.get("payloadSha1").asText());
      assertEquals("chunked", chunked.get("headers").get("x-crawler-transfer-encoding").asText());
      assertFalse(chunked.get("headers").has("transfer-encoding"));
      assertEquals(404, only(records, "response", site.url("/gone")).get("status").asInt());
    }
  }

  @Test
  public void withoutWarcThereAreNoFilesAndTheColumnsAreNull() throws Exception {
    try (TestSite site = new TestSite("127.0.0.19")) {
      site.page("/", "/a");
      site.page("/a", "/");
      Path output = tmp.newFolder("plain").toPath();
      Cli cli = Cli.run(site.url("/"), "--output=" + output, "--allowPrivateNetworks");
      assertEquals(cli.console(), 0, cli.exitCode());
      assertFalse(Files.exists(output.resolve("warc")));
      try (ResultSet row = Lake.query(
          "SELECT count(*), count(warc_filename), count(warc_record_offset) FROM "
              + Lake.table(output, "pages"))) {
        row.next();
        assertEquals(2, row.getInt(1));
        assertEquals(0, row.getInt(2));
        assertEquals(0, row.getInt(3));
      }
    }
  }

  private static JsonNode only(List<JsonNode> records, String type, String uri) {
    List<JsonNode> found = records.stream()
        .filter(r -> r.get("type").asText().equals(type) && uri.equals(r.get("uri").asText()))
        .toList();
    assertEquals(type + " " + uri, 1, found.size());
    return found.get(0);
  }

  /** One ranged read, as a reader of the pages table does it, ungzipped. */
  private static String rangedRead(Path file, long offset, long length) throws IOException {
    byte[] bytes = new byte[(int) length];
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      in.seek(offset);
      in.readFully(bytes);
    }
    try (InputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(unzipped.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }

  private static String sha1(byte[] bytes) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(bytes));
  }
}
