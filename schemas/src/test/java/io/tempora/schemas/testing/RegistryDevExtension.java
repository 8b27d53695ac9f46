package io.tempora.schemas.testing;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests a running dev Schema Registry ({@link RegistryDevServer}).
 *
 * <p>One registry per test JVM: the first test class that uses the extension starts it, every later one
 * reuses it, and JUnit closes it (stopping the process) when the run ends. Test methods, constructors and
 * lifecycle methods receive it as a {@link RegistryDevServer} parameter.
 *
 * <p>The runner jar is taken from system property {@value #JAR_PROPERTY} (set by the schemas pom) or else
 * {@code ../deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar}. If it is missing the tests
 * FAIL with instructions; they never skip, so a CI run cannot pass without having exercised a real registry.
 */
public final class RegistryDevExtension implements BeforeAllCallback, ParameterResolver {

    /** System property naming the registry's runner jar. */
    public static final String JAR_PROPERTY = "tempora.registry.dev.jar";
    /** System property naming the directory for the registry's log. */
    public static final String LOG_DIR_PROPERTY = "tempora.registry.dev.log.dir";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(RegistryDevExtension.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == RegistryDevServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return server(extensionContext);
    }

    private static RegistryDevServer server(ExtensionContext context) {
        // The root store outlives every test class, so the server is shared and closed once at the end of the run.
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(RegistryDevServer.class, k -> startFromProperties(), RegistryDevServer.class);
    }

    private static RegistryDevServer startFromProperties() {
        Path jar = Path.of(System.getProperty(
                JAR_PROPERTY, "../deploy/registry-dev/target/registry-dev-0.1.0-SNAPSHOT-runner.jar"));
        Path logDir = Path.of(System.getProperty(LOG_DIR_PROPERTY, "target/registry-dev"));
        RegistryDevServer server = RegistryDevServer.start(jar, logDir, STARTUP_TIMEOUT);
        System.out.printf(
                "dev Schema Registry pid %d ready at %s in %d ms (log %s)%n",
                server.pid(), server.baseUrl(), server.startupTime().toMillis(), server.logFile());
        return server;
    }
}
