package io.beamcrawl.pipeline.demo;

import io.beamcrawl.pipeline.demo.DemoSite.Article;
import io.beamcrawl.pipeline.demo.DemoSite.Section;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The demo site's text, made from fixed word lists so every run serves the same pages. */
final class DemoContent {

  private static final String[] AUTHORS = {"Ada Lindqvist", "Tomas Reyes", "Mira Okafor", "Jon Hallett"};
  private static final String[] PLACES = {
    "the birch fen", "the north ridge", "Heron Lake", "the old quarry", "the pine barrens",
    "Otter Creek", "the salt marsh", "the beech hanger"};
  private static final String[] SEASONS = {"early spring", "high summer", "late autumn", "a hard winter"};

  private static final String[][] SECTIONS = {
    {"birds", "Birds", "Sightings, songs and habits of the birds we meet.",
      "Common Loon,Grey Heron,Osprey,Snow Bunting,Black Grouse,Barn Owl,Red Kite,Great Tit,Wren,Dipper,"
          + "Kingfisher,Curlew,Lapwing,Goldcrest,Nuthatch,Treecreeper,Jay,Raven,Skylark,Swift,Redwing,Fieldfare,Merlin"},
    {"trees", "Trees", "Bark, buds and leaves through the year.",
      "Silver Birch,Scots Pine,Rowan,Aspen,Alder,Sessile Oak,Beech,Hazel,Juniper,Yew,Holly,Wild Cherry,"
          + "Field Maple,Ash,Elder,Hawthorn,Blackthorn,Goat Willow,Small-leaved Lime,Hornbeam,Larch,Spruce,Crab Apple"},
    {"fungi", "Fungi", "Caps, gills and the quiet work of decay.",
      "Fly Agaric,Chanterelle,Porcini,Birch Polypore,Turkey Tail,Honey Fungus,Puffball,Earthstar,Stinkhorn,"
          + "Jelly Ear,Chicken of the Woods,Oyster Mushroom,Shaggy Ink Cap,Parasol,Amethyst Deceiver,Blusher,"
          + "Death Cap,Hedgehog Fungus,Candlesnuff,Dryad's Saddle,King Alfred's Cakes,Scarlet Elf Cup,Wood Blewit"},
    {"trails", "Trails", "Routes we walk, with distances and what to see.",
      "Lakeshore Loop,Ridge Traverse,Fen Boardwalk,Quarry Circuit,Pine Walk,Creek Path,Marsh Dyke,Hanger Climb,"
          + "Moor Crossing,Valley Floor,Old Drove Road,Beacon Hill,Waterfall Trail,Cliff Edge,Heath Loop,"
          + "Orchard Lane,Mill Race,Bluebell Wood,Dune Path,Estuary Walk,Saddle Pass,Tarn Circuit,Long Ridge"},
  };

  private DemoContent() {}

  static List<Section> sections() {
    List<Section> sections = new ArrayList<>();
    LocalDate start = LocalDate.of(2025, 1, 6);
    for (int s = 0; s < SECTIONS.length; s++) {
      String[] spec = SECTIONS[s];
      List<Article> articles = new ArrayList<>();
      String[] subjects = spec[3].split(",");
      for (int i = 0; i < subjects.length; i++) {
        String title = subjects[i] + " in " + SEASONS[(i + s) % SEASONS.length];
        articles.add(new Article(spec[0], i, title, subjects[i], AUTHORS[(i + s) % AUTHORS.length],
            start.plusDays(7L * (subjects.length - i) + s).toString()));
      }
      sections.add(new Section(spec[0], spec[1], spec[2], articles));
    }
    return sections;
  }

  static String articleHead(Article article) {
    String description = "Field notes on the " + article.subject().toLowerCase() + " by " + article.author() + ".";
    StringBuilder head = new StringBuilder()
        .append("<meta name=\"description\" content=\"").append(description).append("\">")
        .append("<meta name=\"author\" content=\"").append(article.author()).append("\">")
        .append("<meta property=\"og:type\" content=\"article\">")
        .append("<meta property=\"og:title\" content=\"").append(article.title()).append("\">")
        .append("<meta property=\"og:description\" content=\"").append(description).append("\">")
        .append("<meta property=\"article:published_time\" content=\"").append(article.date()).append("\">")
        .append("<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"Article\",")
        .append("\"headline\":\"").append(article.title()).append("\",\"datePublished\":\"").append(article.date())
        .append("\",\"author\":{\"@type\":\"Person\",\"name\":\"").append(article.author()).append("\"}}</script>");
    if (article.section().equals("trees") && article.number() == 1) {
      // A page that declares another as its canonical version.
      head.append("<link rel=\"canonical\" href=\"/trees/silver-birch\">");
    }
    return head.toString();
  }

  static String articleBody(Article article, List<Section> sections) {
    int s = sectionIndex(article, sections);
    List<Article> own = sections.get(s).articles();
    String place = PLACES[(article.number() * 3 + s) % PLACES.length];
    StringBuilder body = new StringBuilder()
        .append("<article><h1>").append(article.title()).append("</h1>")
        .append("<p class=\"byline\">By ").append(article.author()).append(", <time datetime=\"")
        .append(article.date()).append("\">").append(article.date()).append("</time></p>")
        .append("<p>We found the ").append(article.subject().toLowerCase()).append(" near ").append(place)
        .append(" on a still morning. The light was low and the ground was soft underfoot.</p>")
        .append("<h2>Where to look</h2><ul>")
        .append("<li>Near ").append(place).append("</li>")
        .append("<li>Along the edges of ").append(PLACES[(article.number() + 1) % PLACES.length]).append("</li>")
        .append("<li>In ").append(SEASONS[article.number() % SEASONS.length]).append(", at first light</li></ul>")
        .append("<h2>What we noticed</h2><p>Patience pays: sit still for ten minutes and the place starts to show itself. ")
        .append("Note the weather, the time and anything that surprised you.</p>");
    if (article.number() % 3 == 0) {
      body.append("<h3>Our counts</h3><table><thead><tr><th>Visit</th><th>Seen</th></tr></thead><tbody>");
      for (int visit = 1; visit <= 3; visit++) {
        body.append("<tr><td>").append(visit).append("</td><td>").append((article.number() + visit) % 7 + 1).append("</td></tr>");
      }
      body.append("</tbody></table>");
    }
    body.append("<h2>Related notes</h2><ul>");
    for (Article related : List.of(
        own.get((article.number() + 1) % own.size()),
        own.get((article.number() + 5) % own.size()),
        sections.get((s + 1) % sections.size()).articles().get(article.number() % own.size()))) {
      body.append("<li><a href=\"").append(related.path()).append("\">").append(related.title()).append("</a></li>");
    }
    if (article.number() % 10 == 4) {
      body.append("<li><a href=\"/").append(article.section()).append("/missing-note\">A note we lost</a></li>");
    }
    return body.append("</ul></article>").toString();
  }

  static String checklist() {
    StringBuilder csv = new StringBuilder("section,species\n");
    for (Section section : sections()) {
      section.articles().forEach(article -> csv.append(section.slug()).append(',').append(article.subject()).append('\n'));
    }
    return csv.toString();
  }

  private static int sectionIndex(Article article, List<Section> sections) {
    for (int i = 0; i < sections.size(); i++) {
      if (sections.get(i).slug().equals(article.section())) {
        return i;
      }
    }
    throw new IllegalArgumentException(article.section());
  }
}
