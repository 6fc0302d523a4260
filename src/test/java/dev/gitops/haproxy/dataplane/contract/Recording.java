package dev.gitops.haproxy.dataplane.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The exchanges of one contract scenario with a real Data Plane API, with what produced them.
 *
 * @param dataplaneapi the Data Plane API's own version answer ({@code GET /v3/info})
 * @param haproxy the HAProxy version behind it
 * @param params what the scenario was run with (ports), so that replaying it sends the same requests
 */
public record Recording(String scenario, String dataplaneapi, String haproxy, String recordedAt,
    Map<String, String> params, List<Exchange> exchanges) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** Where the committed recordings live, on the classpath and in the source tree. */
  public static final String DIRECTORY = "dataplane-contract";

  public static Recording read(InputStream in) throws IOException {
    return JSON.readValue(in, Recording.class);
  }

  /** The committed recording of {@code scenario}. */
  public static Recording committed(String scenario) throws IOException {
    try (InputStream in = Recording.class.getResourceAsStream("/" + DIRECTORY + "/" + scenario + ".json")) {
      if (in == null) {
        throw new IOException("no recording " + DIRECTORY + "/" + scenario + ".json: record it with a real Data Plane "
            + "API (see DataplaneContractIT)");
      }
      return read(in);
    }
  }

  public void write(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(this) + "\n");
  }
}
