import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs Neo4j Community in this JVM and exposes it over Bolt.
 *
 * <p>Usage: {@code java -cp <jars> Launcher <home-dir> <neo4j.conf> <database>}. The configuration
 * file is written by the Node side (src/neo4j/embedded.ts), which owns all policy (ports, memory,
 * timeouts), so this file stays a thin shell.
 *
 * <p>Life cycle contract with the parent process:
 * <ul>
 *   <li>prints exactly one line {@code NEO4J_READY <database>} on stdout once the default database
 *       accepts transactions;
 *   <li>shuts the database down cleanly on SIGTERM / SIGINT (JVM shutdown hook);
 *   <li>shuts down as well when its stdin reaches end-of-file, which happens when the parent dies
 *       for any reason, including SIGKILL: that is what keeps orphaned JVMs from piling up.
 * </ul>
 */
public final class Launcher {
  private static final AtomicBoolean stopped = new AtomicBoolean(false);

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: Launcher <home-dir> <neo4j.conf> <database>");
      System.exit(64);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    Path conf = Path.of(args[1]).toAbsolutePath();
    String name = args[2];

    DatabaseManagementService service;
    try {
      service = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
    } catch (RuntimeException e) {
      System.err.println("NEO4J_FAILED " + rootMessage(e));
      System.exit(70);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(service), "neo4j-shutdown"));

    GraphDatabaseService db = service.database(name);
    if (!db.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
      System.err.println("NEO4J_FAILED database " + name + " did not become available");
      System.exit(70);
    }
    System.out.println("NEO4J_READY " + name);
    System.out.flush();

    Thread watchdog = new Thread(() -> {
      waitForEof(System.in);
      // The parent is gone or asked us to stop by closing the pipe.
      System.exit(0);
    }, "parent-watchdog");
    watchdog.setDaemon(false);
    watchdog.start();
  }

  private static void waitForEof(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // Input is ignored: only its end matters.
      }
    } catch (IOException ignored) {
      // A broken pipe means the same as end-of-file here.
    }
  }

  private static void stop(DatabaseManagementService service) {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    long started = System.nanoTime();
    service.shutdown();
    long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
    System.out.println("NEO4J_STOPPED " + ms + "ms");
    System.out.flush();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
