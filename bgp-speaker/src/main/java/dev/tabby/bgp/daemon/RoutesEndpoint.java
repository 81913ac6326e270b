package dev.tabby.bgp.daemon;

import com.sun.net.httpserver.HttpExchange;
import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.rib.RouteFilter;
import dev.tabby.bgp.rib.RoutePage;
import dev.tabby.net.IpPrefix;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * {@code GET /routes}: the Loc-RIB's best paths, filtered, written as the RIB hands them over page
 * by page. Neither side holds the whole table (a million routes as one document ran the daemon out
 * of memory), and the RIB thread works on between pages instead of stopping for the whole listing.
 * The daemon's state server and the node agent's HTTP server both serve it.
 */
public final class RoutesEndpoint {

  private static final Logger log = LoggerFactory.getLogger(RoutesEndpoint.class);

  /**
   * Routes asked of the RIB at a time: one pass over the table, some milliseconds for a million.
   */
  static final int PAGE = 16_384;

  /**
   * Listings served at once. Each holds a thread of the state server while it runs, so {@code
   * /peers} keeps threads of its own however many clients list routes.
   */
  static final int CONCURRENT_LISTINGS = StateServer.THREADS / 2;

  /** How long one page may wait for a busy RIB thread. */
  private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

  private final BgpSpeaker speaker;
  private final StateJson json;
  private final Semaphore listings = new Semaphore(CONCURRENT_LISTINGS);

  public RoutesEndpoint(BgpSpeaker speaker) {
    this(speaker, new StateJson());
  }

  RoutesEndpoint(BgpSpeaker speaker, StateJson json) {
    this.speaker = speaker;
    this.json = json;
  }

  /** Answers a GET of {@code /routes} (the caller checked method and path). */
  public void handle(HttpExchange exchange) throws IOException {
    RoutesQuery query;
    try {
      query = RoutesQuery.parse(exchange.getRequestURI().getRawQuery());
    } catch (IllegalArgumentException e) {
      StateServer.send(exchange, 400, StateServer.errorJson(e.getMessage()));
      return;
    }
    if (query.countOnly() && query.filter().equals(RouteFilter.ALL)) {
      // The RIB's size, without a walk of the table.
      StateServer.answer(exchange, () -> json.routeCount(await(speaker.routeCount())));
      return;
    }
    if (!listings.tryAcquire()) {
      StateServer.send(
          exchange,
          503,
          StateServer.errorJson(
              CONCURRENT_LISTINGS + " route listings are running already; try again"));
      return;
    }
    try {
      if (query.countOnly()) {
        StateServer.answer(exchange, () -> json.routeCount(count(query.filter())));
      } else {
        list(exchange, query);
      }
    } finally {
      listings.release();
    }
  }

  private int count(RouteFilter filter) {
    int count = 0;
    IpPrefix after = null;
    RoutePage page;
    do {
      page = await(speaker.routes(filter, after, PAGE));
      count += page.routes().size();
      after = last(page, after);
    } while (!page.complete());
    return count;
  }

  private void list(HttpExchange exchange, RoutesQuery query) throws IOException {
    long remaining = query.limit();
    RoutePage page;
    try {
      page = await(speaker.routes(query.filter(), query.after(), pageSize(remaining)));
    } catch (IllegalStateException e) {
      // Nothing sent yet: the client can still be told.
      log.warn("event=http-error path=/routes reason=\"{}\"", e.getMessage());
      StateServer.send(exchange, 500, StateServer.errorJson(e.getMessage()));
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (exchange;
        StateJson.RouteListing listing =
            json.routeListing(new BufferedOutputStream(exchange.getResponseBody(), 1 << 16))) {
      IpPrefix after = query.after();
      while (true) {
        for (Route route : page.routes()) {
          listing.add(route, page.nextHops(route));
        }
        remaining -= page.routes().size();
        after = last(page, after);
        if (page.complete()) {
          listing.finish(null);
          return;
        }
        if (remaining == 0) {
          listing.finish(after);
          return;
        }
        page = await(speaker.routes(query.filter(), after, pageSize(remaining)));
      }
    } catch (IllegalStateException e) {
      // The answer has begun: it ends unfinished, which no JSON parser accepts.
      log.warn("event=http-error path=/routes reason=\"{}\" (answer cut short)", e.getMessage());
    } catch (JacksonException | UncheckedIOException e) {
      log.debug("event=http-client-gone path=/routes reason=\"{}\"", e.toString());
    }
  }

  private static int pageSize(long remaining) {
    return (int) Math.min(PAGE, remaining);
  }

  private static IpPrefix last(RoutePage page, IpPrefix before) {
    return page.routes().isEmpty() ? before : page.routes().get(page.routes().size() - 1).prefix();
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(PAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the RIB", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the RIB did not answer: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the RIB did not answer within " + PAGE_TIMEOUT.toSeconds() + " s", e);
    }
  }
}
