import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import org.neo4j.bolt.BoltServer;
import org.neo4j.bolt.protocol.common.connector.Connector;
import org.neo4j.bolt.protocol.common.connector.connection.Connection;
import org.neo4j.bolt.protocol.common.connector.listener.ConnectorListener;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Transaction;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

/**
 * Runs Neo4j Community in this JVM and exposes it over Bolt.
 *
 * <p>Usage: {@code java -cp <jars> Launcher <home-dir> <neo4j.conf> <database> <password-file>}. The
 * configuration file is written by the Node side (src/neo4j/embedded.ts), which owns all policy
 * (ports, memory, timeouts), so this file stays a thin shell. The password file (mode 0600, also
 * written by the Node side) holds the password of the {@code neo4j} user; it is read here, never
 * passed on a command line, and never printed.
 *
 * <p>Security, beyond what neo4j.conf says (authentication on, Bolt on loopback):
 * <ul>
 *   <li>on the first start (no system database yet) the password is set the way
 *       {@code neo4j-admin dbms set-initial-password} sets it: an {@code auth.ini} in the auth store
 *       folder, which the system database reads when it is created, so there is never a moment in
 *       which {@code neo4j}/{@code neo4j} works;
 *   <li>on every start the stored credential is checked against the file and set with
 *       {@code ALTER USER} when it differs (a folder created before authentication was turned on,
 *       or a password file that was replaced);
 *   <li>Bolt over WebSocket is refused: Neo4j 5.26 has no setting for it (its Bolt port upgrades
 *       any HTTP {@code GET} to a WebSocket, whatever the {@code Origin}), so a handler placed in
 *       front of Neo4j's own on every Bolt connection answers HTTP with 403 and closes.
 * </ul>
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
    if (args.length != 4) {
      System.err.println("usage: Launcher <home-dir> <neo4j.conf> <database> <password-file>");
      System.exit(64);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    Path conf = Path.of(args[1]).toAbsolutePath();
    String name = args[2];
    byte[] password;
    try {
      password = Files.readString(Path.of(args[3])).trim().getBytes(StandardCharsets.UTF_8);
      if (password.length < 8) throw new IOException("the password file holds fewer than 8 characters");
    } catch (IOException e) {
      System.err.println("NEO4J_FAILED cannot read the password file: " + e.getMessage());
      System.exit(70);
      return;
    }

    DatabaseManagementService service;
    Path initialUsers;
    try {
      initialUsers = writeInitialPasswordIfNew(home, conf, password);
      service = new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(conf).build();
    } catch (Exception e) {
      System.err.println("NEO4J_FAILED " + rootMessage(e));
      System.exit(70);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(service), "neo4j-shutdown"));

    try {
      refuseWebSockets(service);
      GraphDatabaseService db = service.database(name);
      if (!db.isAvailable(TimeUnit.MINUTES.toMillis(2))) {
        System.err.println("NEO4J_FAILED database " + name + " did not become available");
        System.exit(70);
      }
      ensurePassword(service, password);
      // The system database has taken its first user from it; no need to keep even a hash around.
      if (initialUsers != null) Files.deleteIfExists(initialUsers);
    } catch (RuntimeException | IOException e) {
      System.err.println("NEO4J_FAILED " + rootMessage(e));
      System.exit(70);
      return;
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

  /**
   * What {@code neo4j-admin dbms set-initial-password} does, before the very first start only: the
   * {@code neo4j} user with this password in {@code <auth store>/auth.ini}, from which the system
   * database takes its first user when it is created. Returns the file written, or null.
   */
  private static Path writeInitialPasswordIfNew(Path home, Path conf, byte[] password) throws Exception {
    Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).fromFile(conf).build();
    Path system = config.get(GraphDatabaseSettings.data_directory).resolve("databases").resolve("system");
    if (Files.exists(system)) return null;
    Path file = CommunitySecurityModule.getInitialUserRepositoryFile(config);
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    FileUserRepository users = new FileUserRepository(
        new DefaultFileSystemAbstraction(), file, NullLogProvider.getInstance(), EmptyMemoryTracker.INSTANCE);
    users.start();
    try {
      SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(password, new SecureHasher());
      users.create(new User("neo4j", null, credential, false, false));
    } finally {
      users.shutdown();
    }
    return file;
  }

  /**
   * Makes the stored credential of {@code neo4j} match the password file: checked in the system
   * graph (no Bolt involved), changed with {@code ALTER USER} only when it does not match.
   */
  private static void ensurePassword(DatabaseManagementService service, byte[] password) {
    GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    boolean matches;
    try (Transaction tx = system.beginTx()) {
      Node user = tx.findNode(Label.label("User"), "name", "neo4j");
      matches = user != null
          && !Boolean.TRUE.equals(user.getProperty("passwordChangeRequired", false))
          && SystemGraphCredential.deserialize((String) user.getProperty("credentials", ""), new SecureHasher())
              .matchesPassword(password);
      tx.commit();
    } catch (Exception e) {
      matches = false;
    }
    if (matches) return;
    system.executeTransactionally(
        "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
        Map.of("password", new String(password, StandardCharsets.UTF_8)));
  }

  /** Puts a {@link HttpRefuser} in front of Neo4j's handlers on every new Bolt connection. */
  private static void refuseWebSockets(DatabaseManagementService service) {
    GraphDatabaseAPI system = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
    BoltServer bolt = system.getDependencyResolver().resolveDependency(BoltServer.class);
    ConnectorListener listener = new ConnectorListener() {
      @Override
      public void onConnectionCreated(Connection connection) {
        // Called before Neo4j adds its own handlers, so this one stays first.
        connection.modifyPipeline(pipeline -> pipeline.addFirst("refuse-http", new HttpRefuser()));
      }
    };
    for (Connector<?> connector : bolt.getConnectors()) {
      connector.registerListener(listener);
    }
  }

  /**
   * Looks at the first byte a client sends: Bolt starts with its magic 0x6060B017 and TLS with a
   * record type below 0x20, while a browser's WebSocket upgrade is an HTTP request ("GET ..."). HTTP
   * gets 403 and the connection is closed; anything else goes on to Neo4j untouched.
   */
  static final class HttpRefuser extends ChannelInboundHandlerAdapter {
    private static final byte[] FORBIDDEN = ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 45\r\nConnection: close\r\n\r\nBolt over WebSocket is disabled on this port\n")
        .getBytes(StandardCharsets.US_ASCII);

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf buf && buf.isReadable()) {
        byte first = buf.getByte(buf.readerIndex());
        if (first >= 'A' && first <= 'Z') {
          ReferenceCountUtil.release(msg);
          ctx.writeAndFlush(Unpooled.wrappedBuffer(FORBIDDEN)).addListener(ChannelFutureListener.CLOSE);
          return;
        }
        ctx.pipeline().remove(this);
      }
      ctx.fireChannelRead(msg);
    }
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
