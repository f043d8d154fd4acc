package io.beamcrawl.stats;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class PricingTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void theDefaultReproducesThePublishedCrawlJobExample() {
    // 8 pages, 14,820 input and 3,210 output tokens: 25 credits. Spread the tokens unevenly
    // over the pages to show the job figure does not depend on how they fall.
    long[][] pages = {
      {3000, 500}, {2500, 410}, {1200, 300}, {1800, 400}, {2020, 600}, {1300, 300}, {1500, 350},
      {1500, 350}
    };
    double sum = 0;
    for (long[] page : pages) {
      sum += Pricing.DEFAULT.creditsFor(true, page[0], page[1]);
    }
    assertEquals(25.138, sum, 1e-9);
    assertEquals(25.0, Pricing.DEFAULT.jobCredits(sum), 0);
  }

  @Test
  public void failedPagesCostNothingAndPagesAreExact() {
    assertEquals(0.0, Pricing.DEFAULT.creditsFor(false, 1000, 1000), 0);
    assertEquals(2.0, Pricing.DEFAULT.creditsFor(true, 0, 0), 0);
    assertEquals(2.7412, Pricing.DEFAULT.creditsFor(true, 1853, 0), 0);
  }

  @Test
  public void roundingRules() {
    assertEquals(26.0, new Pricing(2, 0.4, 1, Pricing.Rounding.UP).jobCredits(25.138), 0);
    assertEquals(25.138, new Pricing(2, 0.4, 1, Pricing.Rounding.NONE).jobCredits(25.138), 0);
    assertEquals(26.0, Pricing.DEFAULT.jobCredits(25.5), 0);
  }

  @Test
  public void aPricingFileIsRead() throws Exception {
    Path file = tmp.newFile("pricing.json").toPath();
    Files.writeString(
        file,
        "{\"credits_per_page\": 1, \"credits_per_1k_input_tokens\": 0.5,"
            + " \"credits_per_1k_output_tokens\": 2, \"job_rounding\": \"up\"}");
    assertEquals(new Pricing(1, 0.5, 2, Pricing.Rounding.UP), Pricing.read(file));
  }

  @Test
  public void aBadPricingFileIsRefusedNamingTheField() throws Exception {
    assertThat(refusal("{\"credits_per_page\": 1}"), containsString("job_rounding"));
    assertThat(
        refusal("{\"credits_per_page\": -1, \"credits_per_1k_input_tokens\": 0,"
            + " \"credits_per_1k_output_tokens\": 0, \"job_rounding\": \"none\"}"),
        containsString("credits_per_page must be a number >= 0"));
    assertThat(
        refusal("{\"credits_per_page\": 1, \"credits_per_1k_input_tokens\": 0,"
            + " \"credits_per_1k_output_tokens\": 0, \"job_rounding\": \"down\"}"),
        containsString("job_rounding \"down\" must be one of nearest, up, none"));
    assertThat(refusal("{\"credits_per_pgae\": 1}"), containsString("credits_per_pgae"));
    assertThat(refusal("[1, 2]"), containsString("not a pricing table"));
  }

  private String refusal(String text) throws Exception {
    Path file = tmp.newFile().toPath();
    Files.writeString(file, text);
    return assertThrows(IllegalArgumentException.class, () -> Pricing.read(file)).getMessage();
  }
}
