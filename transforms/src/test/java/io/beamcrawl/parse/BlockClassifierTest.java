package io.beamcrawl.parse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.Test;

public class BlockClassifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A model of one tree in each look: words below 5 -> leaf -2, else leaf +2 (log-odds); the
   * second look's row starts with the block's own features, so it reads words at the same place.
   */
  private static ObjectNode oneTree(List<String> features) {
    ObjectNode root = JSON.createObjectNode();
    features.forEach(root.putArray("features")::add);
    BlockContext.FEATURES.forEach(root.putArray("context_features")::add);
    root.put("threshold", 0.5);
    for (String look : List.of("trees", "context_trees")) {
      split(root.putArray(look).addObject(), ContentBlocks.FEATURES.indexOf("words"), 5, -2, 2);
    }
    return root;
  }

  private static void split(ObjectNode tree, int feature, float value, float yes, float no) {
    tree.putArray("feature").add(feature).add(-1).add(-1);
    tree.putArray("value").add(value).add(yes).add(no);
    tree.putArray("yes").add(1).add(-1).add(-1);
    tree.putArray("no").add(2).add(-1).add(-1);
  }

  private static BlockClassifier read(ObjectNode model) throws IOException {
    return BlockClassifier.read(new ByteArrayInputStream(JSON.writeValueAsBytes(model)));
  }

  @Test
  public void treesGoToYesBelowTheValueAndLeavesAddUpToLogOdds() throws IOException {
    BlockClassifier model = read(oneTree(ContentBlocks.FEATURES));
    List<ContentBlocks.Block> blocks =
        ContentBlocks.of(Jsoup.parse("<body><p>Two words</p><p>one two three four five six</p></body>"));
    assertEquals(2, blocks.size());
    float[] p = model.probabilities(blocks);
    assertEquals(1 / (1 + Math.exp(2)), p[0], 1e-6);
    assertEquals(1 / (1 + Math.exp(-2)), p[1], 1e-6);
  }

  @Test
  public void theSecondLookReadsWhatTheFirstSaid() throws IOException {
    ObjectNode model = oneTree(ContentBlocks.FEATURES);
    ObjectNode second = ((ArrayNode) model.get("context_trees")).removeAll().addObject();
    // Content when the first look says 0.5 or more: here, when the block has 5 words or more.
    split(second, ContentBlocks.FEATURES.size() + BlockContext.FEATURES.indexOf("first_look"),
        0.5f, -3, 3);
    List<ContentBlocks.Block> blocks =
        ContentBlocks.of(Jsoup.parse("<body><p>Two words</p><p>one two three four five six</p></body>"));
    float[] p = read(model).probabilities(blocks);
    assertEquals(1 / (1 + Math.exp(3)), p[0], 1e-6);
    assertEquals(1 / (1 + Math.exp(-3)), p[1], 1e-6);
  }

  @Test
  public void contentIsWhatTheProbabilitiesSayAtTheThreshold() {
    StringBuilder html = new StringBuilder("<body><nav><ul>");
    for (int i = 0; i < 12; i++) {
      html.append("<li><a href=\"/s").append(i).append("\">Section ").append(i).append("</a></li>");
    }
    html.append("</ul></nav><article><h1>The harbour wall</h1>");
    for (int i = 0; i < 9; i++) {
      html.append("<p>The council voted on Tuesday to rebuild part ").append(i)
          .append(" of the old harbour wall, which the storms of last winter breached twice.</p>");
    }
    html.append("</article><aside><h2>Read next</h2><a href=\"/x\">Another story</a></aside>"
        + "<footer><p>Copyright 2026. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer>");
    List<ContentBlocks.Block> blocks = ContentBlocks.of(Jsoup.parse(html.toString()));
    BlockClassifier shipped = BlockClassifier.shipped();
    float[] p = shipped.probabilities(blocks);
    boolean[] expected = new boolean[p.length];
    for (int i = 0; i < p.length; i++) {
      expected[i] = p[i] >= shipped.threshold();
    }
    boolean[] content = shipped.content(blocks);
    assertTrue(Arrays.toString(content), Arrays.equals(expected, content));
    String said = Arrays.toString(content);
    assertTrue("many blocks, some content and some not: " + said,
        blocks.size() > 20 && said.contains("true") && said.contains("false"));
  }

  @Test
  public void aModelTrainedOnOtherFeaturesIsRefusedWithWhatToDo() {
    ObjectNode stale = oneTree(ContentBlocks.FEATURES.subList(1, ContentBlocks.FEATURES.size()));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> read(stale));
    assertTrue(e.getMessage(), e.getMessage().contains("scripts/train-main-content"));
  }

  @Test
  public void theShippedModelReadsAndKnowsEveryFeature() {
    BlockClassifier shipped = BlockClassifier.shipped();
    assertTrue(shipped.threshold() > 0 && shipped.threshold() < 1);
  }

  @Test
  public void aPageTheModelKeepsNothingOfGetsTheRulesChoiceNotNothing() throws IOException {
    ObjectNode nothing = oneTree(ContentBlocks.FEATURES);
    ((ArrayNode) nothing.get("context_trees").get(0).get("value")).removeAll().add(5).add(-9).add(-9);
    String html = "<html><head><title>Notes</title></head><body><nav><a href=\"/\">Home</a></nav>"
        + "<div><p>The harbour wall will be rebuilt in spring, the council decided on Tuesday"
        + " after a long debate.</p></div></body></html>";
    String text = MainContent.extract(Jsoup.parse(html), read(nothing)).text();
    assertTrue(text, text.contains("The harbour wall will be rebuilt"));
  }

  @Test
  public void blocksComeInDocumentOrderWithTheirOwnText() {
    List<ContentBlocks.Block> blocks =
        ContentBlocks.of(Jsoup.parse("<body><div>Outer <p>inner <b>bold</b></p> tail</div></body>"));
    assertEquals(List.of("div", "p"), blocks.stream().map(b -> b.element().normalName()).toList());
    assertEquals("Outer tail", blocks.get(0).text());
    assertEquals("inner bold", blocks.get(1).text());
    assertEquals(ContentBlocks.FEATURES.size(), blocks.get(0).features().length);
  }
}
