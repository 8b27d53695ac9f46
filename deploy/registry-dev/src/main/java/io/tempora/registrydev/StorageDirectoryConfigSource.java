package io.tempora.registrydev;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The dev registry's storage option: with {@value #STORAGE_DIR_PROPERTY} (system property) or
 * {@value #STORAGE_DIR_ENV} (environment) set to a directory, the registry keeps its schemas, ids and rules in an
 * H2 database file there, so a restart keeps every id; unset, storage is in memory and every restart starts empty,
 * with ids counted from 1 again.
 *
 * <p>Apicurio's storage is H2 through a JDBC URL ({@code jdbc:h2:mem:...} by default); this source gives it a
 * {@code jdbc:h2:file:} URL instead. It supplies both the plain and the {@code %prod.} name of the property, because
 * Apicurio's own {@code application.properties} sets the {@code %prod.} one and a profile-specific name is looked up
 * before the plain one.
 */
public final class StorageDirectoryConfigSource implements ConfigSource {

    /** System property naming the storage directory. */
    public static final String STORAGE_DIR_PROPERTY = "tempora.registry.storage.dir";
    /** Environment variable naming the storage directory, when the system property is not set. */
    public static final String STORAGE_DIR_ENV = "TEMPORA_REGISTRY_STORAGE_DIR";

    private static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    private static final String PROD_JDBC_URL = "%prod." + JDBC_URL;
    /** Above application.properties (250), below environment variables (300) and system properties (400). */
    private static final int ORDINAL = 275;
    /** Name of the database file in the directory ({@code registry.mv.db}). */
    private static final String DATABASE_NAME = "registry";

    private final Map<String, String> properties;

    public StorageDirectoryConfigSource() {
        String dir = System.getProperty(STORAGE_DIR_PROPERTY, System.getenv(STORAGE_DIR_ENV));
        if (dir == null || dir.isBlank()) {
            properties = Map.of();
        } else {
            // H2 needs an absolute path (or one starting with ./); the directory is created by H2 on first use.
            String url = "jdbc:h2:file:" + Path.of(dir).toAbsolutePath().resolve(DATABASE_NAME);
            properties = Map.of(JDBC_URL, url, PROD_JDBC_URL, url);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public String getName() {
        return "Tempora dev registry storage directory";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
