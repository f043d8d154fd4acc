package io.beamcrawl.crawl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class PageRoomTest {

  private final AtomicLong now = new AtomicLong();
  private final List<String> woken = new ArrayList<>();

  private PageRoom.Account site(PageRoom room, String name) {
    return room.open(() -> woken.add(name));
  }

  @Test
  public void sitesTakeRoomWhileThereIsSomeAndWaitWhenThereIsNone() {
    PageRoom room = new PageRoom(2, now::get);
    PageRoom.Account a = site(room, "a");
    assertTrue(room.tryHold(a));
    assertTrue(room.tryHold(a));
    assertFalse(room.tryHold(a));
    assertEquals(2, a.holding());

    room.taken(a, 1);
    assertEquals(List.of("a"), woken);
    assertTrue(room.tryHold(a)); // the room given to it while it waited
    assertFalse(room.tryHold(a));
  }

  @Test
  public void roomGivenBackGoesToTheSiteWhoseRequestsWereOutTheLeastTimeNotToWhoeverAsksNext() {
    PageRoom room = new PageRoom(2, now::get);
    PageRoom.Account slow = site(room, "slow");
    PageRoom.Account slower = site(room, "slower");
    PageRoom.Account fast = site(room, "fast");
    assertTrue(room.tryHold(slow));
    assertTrue(room.tryHold(slower));
    now.addAndGet(500);
    room.answered(slow);
    room.answered(slower);
    assertFalse(room.tryHold(slow));
    assertFalse(room.tryHold(slower));
    assertFalse(room.tryHold(fast)); // the last to ask

    room.taken(slow, 1); // slow holds nothing now, but its request was out for 500
    assertEquals(List.of("fast"), woken);
    assertFalse("room given to a waiting site is not taken by another", room.tryHold(slow));
    assertTrue(room.tryHold(fast));

    now.addAndGet(5);
    room.answered(fast);
    now.addAndGet(1000); // answered after 5, then held on its way to the consumer
    assertFalse(room.tryHold(fast));
    room.taken(fast, 1);
    assertEquals("fast's request was out for 5, slow's and slower's for 500",
        List.of("fast", "fast"), woken);
    assertTrue(room.tryHold(fast));

    now.addAndGet(5);
    room.answered(fast);
    room.taken(fast, 1);
    assertEquals("slower holds a page: slow goes first", List.of("fast", "fast", "slow"), woken);
  }

  @Test
  public void amongSitesWhoseRequestsWereOutAlikeTheOneHoldingFewestAndThenTheFirstToWaitGoesFirst() {
    PageRoom room = new PageRoom(3, now::get);
    PageRoom.Account a = site(room, "a");
    PageRoom.Account b = site(room, "b");
    PageRoom.Account c = site(room, "c");
    assertTrue(room.tryHold(a));
    assertTrue(room.tryHold(a));
    assertTrue(room.tryHold(c));
    assertFalse(room.tryHold(a));
    assertFalse(room.tryHold(b));
    assertFalse(room.tryHold(c));

    room.taken(c, 1); // no time has passed: a holds 2, b and c none
    room.taken(a, 1);
    assertEquals(List.of("b", "c"), woken);
  }

  @Test
  public void aClosedSiteGivesBackWhatItHeldAndWhatWasGivenToIt() {
    PageRoom room = new PageRoom(1, now::get);
    PageRoom.Account a = site(room, "a");
    PageRoom.Account b = site(room, "b");
    PageRoom.Account c = site(room, "c");
    assertTrue(room.tryHold(a));
    assertFalse(room.tryHold(b));
    assertFalse(room.tryHold(c));

    room.close(a);
    assertEquals(List.of("b"), woken);
    room.close(b); // given the room, closed before it took it
    assertEquals(List.of("b", "c"), woken);
    assertTrue(room.tryHold(c));
    room.close(c);
    PageRoom.Account d = site(room, "d");
    assertTrue(room.tryHold(d));
    assertFalse(room.tryHold(d));
  }

  @Test
  public void aRoomForNoPageIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PageRoom(0));
  }
}
