package io.beamcrawl.crawl;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A worker's room for pages held, from their request until their consumer takes them, shared out
 * among its sites. While there is room and nobody waits, a site takes it; once sites wait, room
 * given back goes to one of them, not to whoever asks next: the one whose requests have been out
 * the least time so far (request-seconds, from a page's request to its answer), then the one
 * holding the fewest pages, then the one that waited longest. So a fast site, whose pages are
 * answered at once, is never behind a thousand slow ones whose requests wait on their servers,
 * and a site that asks for much gets no more than its turn. Plain Java, thread-safe.
 */
final class PageRoom {

  /**
   * One site's account: the pages it holds, those of them not yet answered and how long its
   * requests have been out, and room given to it while it waited. Guarded by the room.
   */
  final class Account {
    private final Runnable wake;
    private int holding;
    private int unanswered;
    private int granted;
    private long usedNanos;
    private long changedAt;
    private long waitingSince = -1;

    private Account(Runnable wake) {
      this.wake = wake;
    }

    /** Request-nanoseconds so far. */
    private long used(long now) {
      return usedNanos + unanswered * (now - changedAt);
    }

    private void out(long now, int requests) {
      usedNanos = used(now);
      changedAt = now;
      unanswered += requests;
    }

    private void hold(long now) {
      holding++;
      out(now, 1);
    }

    /** Pages this site holds room for now. */
    int holding() {
      synchronized (PageRoom.this) {
        return holding;
      }
    }
  }

  private final LongSupplier clock;
  private final List<Account> waiting = new ArrayList<>();
  private int free;
  private long waits;

  PageRoom(int pages) {
    this(pages, System::nanoTime);
  }

  PageRoom(int pages, LongSupplier clock) {
    if (pages < 1) {
      throw new IllegalArgumentException("room for at least one page is needed, not " + pages);
    }
    this.free = pages;
    this.clock = clock;
  }

  /** A site's account; {@code wake} is run (on the caller's thread) when room is given to it. */
  Account open(Runnable wake) {
    return new Account(wake);
  }

  /**
   * Room for one more page of {@code site}, or false: the site then waits, and is woken when room
   * is given to it.
   */
  boolean tryHold(Account site) {
    List<Account> woken;
    boolean held;
    synchronized (this) {
      long now = clock.getAsLong();
      if (site.granted > 0) {
        site.granted--;
        site.hold(now);
        return true;
      }
      if (free > 0 && waiting.isEmpty()) {
        free--;
        site.hold(now);
        return true;
      }
      if (site.waitingSince < 0) {
        site.waitingSince = waits++;
        waiting.add(site);
      }
      woken = give(now);
      held = site.granted > 0;
      if (held) {
        woken.remove(site);
        site.granted--;
        site.hold(now);
      }
    }
    wakeAll(woken);
    return held;
  }

  /** A request of {@code site}'s that {@link #tryHold} made room for has its answer (or none). */
  synchronized void answered(Account site) {
    if (site.unanswered > 0) {
      site.out(clock.getAsLong(), -1);
    }
  }

  /** {@code pages} of {@code site} taken by their consumer: their room goes back. */
  void taken(Account site, int pages) {
    List<Account> woken;
    synchronized (this) {
      int back = Math.min(pages, site.holding);
      site.holding -= back;
      free += back;
      long now = clock.getAsLong();
      woken = give(now);
    }
    wakeAll(woken);
  }

  /** The site's crawl is over: everything it holds, and room given to it, goes back. */
  void close(Account site) {
    List<Account> woken;
    synchronized (this) {
      long now = clock.getAsLong();
      free += site.holding + site.granted;
      site.out(now, -site.unanswered);
      site.holding = 0;
      site.granted = 0;
      if (site.waitingSince >= 0) {
        waiting.remove(site);
        site.waitingSince = -1;
      }
      woken = give(now);
    }
    wakeAll(woken);
  }

  /** Free room given to waiting sites, a page each, best first. Guarded by the room. */
  private List<Account> give(long now) {
    List<Account> woken = new ArrayList<>();
    while (free > 0 && !waiting.isEmpty()) {
      int best = 0;
      for (int i = 1; i < waiting.size(); i++) {
        if (before(waiting.get(i), waiting.get(best), now)) {
          best = i;
        }
      }
      Account site = waiting.remove(best);
      site.waitingSince = -1;
      site.granted++;
      free--;
      woken.add(site);
    }
    return woken;
  }

  private static boolean before(Account a, Account b, long now) {
    long usedA = a.used(now);
    long usedB = b.used(now);
    if (usedA != usedB) {
      return usedA < usedB;
    }
    if (a.holding != b.holding) {
      return a.holding < b.holding;
    }
    return a.waitingSince < b.waitingSince;
  }

  private static void wakeAll(List<Account> woken) {
    for (Account site : woken) {
      site.wake.run();
    }
  }
}
