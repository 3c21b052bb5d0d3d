import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * DynamoDB Local bound to 127.0.0.1. The jar's own main (ServerRunner) builds a Jetty server with
 * a port and no host, so it listens on every interface and the local database is open to anyone
 * on the network; it has no flag to change that. This does what that main does, with the same
 * arguments, but sets each connector's host before anything binds.
 *
 * Run with Java's single-file source launcher (JEP 330), with DynamoDBLocal.jar and its
 * DynamoDBLocal_lib/* on the class path; see dynamodb-local.ts.
 */
public final class LoopbackDynamoDbLocal {
  private static final String HOST = "127.0.0.1";

  public static void main(String[] args) throws Exception {
    // Parses the arguments, opens the database and prints the configuration, as ServerRunner does.
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Server jetty = jettyServer(proxy);
    Connector[] connectors = jetty.getConnectors();
    if (connectors.length == 0) {
      throw new IllegalStateException("DynamoDB Local's Jetty server has no connector to bind to " + HOST);
    }
    for (Connector connector : connectors) {
      // Fail closed: a connector we cannot restrict (a later jar version's) must not start at all.
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("Cannot bind DynamoDB Local's " + connector.getClass().getName() + " to " + HOST);
      }
      ((ServerConnector) connector).setHost(HOST);
    }
    // A bind failure escapes as an exception from main, printed as 'Exception in thread "main"',
    // exactly like the jar's own main: dynamodb-local.ts watches for that line.
    proxy.start();
    proxy.join();
  }

  /** The jar keeps its Jetty server in a private field; there is no accessor. */
  private static Server jettyServer(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    return (Server) field.get(proxy);
  }
}
