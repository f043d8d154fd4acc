package io.beamcrawl.render;

import java.util.Locale;

/** Why a page of a job that renders was rendered, or was not: the {@code render_reason} column. */
public enum RenderReason {
  /** Its job renders every page. */
  ALWAYS(true),
  /** Rendering mattered on every recent page of its site: the site is rendered without a look first. */
  SITE_NEEDS_RENDERING(true),
  /** Little text, scripts, and an empty element for them to fill (a single-page app's root). */
  EMPTY_APP_ROOT(true),
  /** A {@code <noscript>} asks for JavaScript. */
  NOSCRIPT_ASKS_FOR_JAVASCRIPT(true),
  /** Its scripts hold more of the site's paths than its links do. */
  LINKS_IN_SCRIPTS(true),
  /** Little main content, and scripts that may write more. */
  LITTLE_CONTENT_WITH_SCRIPTS(true),
  /** Its response shows none of the signs above. */
  STATIC_PAGE(false),
  /** Rendering changed nothing on its site's recent rendered pages: the site is no longer rendered. */
  SITE_RENDERS_CHANGE_NOTHING(false);

  private final boolean renders;

  RenderReason(boolean renders) {
    this.renders = renders;
  }

  public boolean renders() {
    return renders;
  }

  public String columnValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
