package io.beamcrawl.render;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RenderHistoryTest {

  @Test
  public void aSiteWhereRenderingChangesNothingStopsBeingRendered() {
    RenderHistory history = new RenderHistory();
    for (int i = 0; i < RenderHistory.WINDOW - 1; i++) {
      history.rendered(false);
      history.notRendered(); // static pages between them do not reset the count
    }
    assertEquals(RenderHistory.Advice.LOOK_FIRST, history.advice());
    history.rendered(false);
    assertEquals(RenderHistory.Advice.DO_NOT_RENDER, history.advice());
    history.rendered(true);
    assertEquals(RenderHistory.Advice.DO_NOT_RENDER, history.advice());
  }

  @Test
  public void aSiteWhereEveryPageNeedsRenderingIsRenderedWithoutALook() {
    RenderHistory history = new RenderHistory();
    for (int i = 0; i < RenderHistory.WINDOW - 1; i++) {
      history.rendered(true);
    }
    assertEquals(RenderHistory.Advice.LOOK_FIRST, history.advice());
    history.rendered(true);
    assertEquals(RenderHistory.Advice.RENDER, history.advice());
  }

  @Test
  public void aMixedSiteWhoseRenderedPagesFinishTogetherKeepsLookingFirst() {
    RenderHistory history = new RenderHistory();
    for (int i = 0; i < 4 * RenderHistory.WINDOW; i++) {
      history.notRendered();
    }
    for (int i = 0; i < 2 * RenderHistory.WINDOW; i++) {
      history.rendered(true);
    }
    assertEquals(RenderHistory.Advice.LOOK_FIRST, history.advice());
  }

  @Test
  public void aMixedSiteKeepsLookingFirst() {
    RenderHistory history = new RenderHistory();
    for (int i = 0; i < 10 * RenderHistory.WINDOW; i++) {
      if (i % 5 == 0) {
        history.rendered(true);
      } else {
        history.notRendered();
      }
    }
    assertEquals(RenderHistory.Advice.LOOK_FIRST, history.advice());
  }

  @Test
  public void oneRenderThatMatteredStartsTheUnchangedCountAgain() {
    RenderHistory history = new RenderHistory();
    for (int i = 0; i < 3 * RenderHistory.WINDOW; i++) {
      history.rendered(i % RenderHistory.WINDOW != 0);
      history.rendered(false);
    }
    assertEquals(RenderHistory.Advice.LOOK_FIRST, history.advice());
  }
}
