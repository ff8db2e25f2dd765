package io.infersight.examples.fraud;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor of the demo's JDK {@code HttpServer}, which makes slow and stalled clients harmless
 * without process-wide {@code sun.net.httpserver.*} properties.
 *
 * <p>The JDK server reads a request's line, headers and body on the executor's thread, from a
 * blocking channel. So each exchange gets a thread of its own (no queue: none waits behind a
 * stalled client), up to {@code maxExchanges}; an exchange beyond that is refused, which closes its
 * connection, and counted. An exchange that is still running after {@code timeout} is interrupted:
 * a blocked channel read or write then fails and the server closes that connection.
 */
final class ExchangeExecutor implements Executor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("io.infersight.examples.fraud.api");
  private static final long LOG_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ThreadPoolExecutor threads;
  private final ScheduledThreadPoolExecutor deadlines;
  private final long timeoutNanos;
  private final int maxExchanges;
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  ExchangeExecutor(String name, int maxExchanges, Duration timeout) {
    this.maxExchanges = maxExchanges;
    this.timeoutNanos = timeout.toNanos();
    AtomicInteger ids = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(0, maxExchanges, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> daemon(r, name + "-" + ids.incrementAndGet()));
    this.deadlines = new ScheduledThreadPoolExecutor(1, r -> daemon(r, name + "-deadlines"));
    this.deadlines.setRemoveOnCancelPolicy(true);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void execute(Runnable exchange) {
    Deadlined task = new Deadlined(exchange);
    task.deadline = deadlines.schedule(() -> task.cancel(true), timeoutNanos, TimeUnit.NANOSECONDS);
    try {
      threads.execute(task);
    } catch (RejectedExecutionException e) {
      task.deadline.cancel(false);
      long n = refused.incrementAndGet();
      long now = System.nanoTime();
      long last = lastLogged.get();
      if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
        LOG.warn("{} requests already in progress; closed a new connection ({} refused so far)", maxExchanges, n);
      }
      throw e;
    }
  }

  /** Connections refused because {@code maxExchanges} were in progress. */
  long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    threads.shutdownNow();
    deadlines.shutdownNow();
  }

  /** An exchange that can be interrupted at its deadline and stops its timer when it ends. */
  private static final class Deadlined extends FutureTask<Void> {
    volatile ScheduledFuture<?> deadline;

    Deadlined(Runnable exchange) {
      super(exchange, null);
    }

    @Override
    protected void done() {
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
    }
  }
}
