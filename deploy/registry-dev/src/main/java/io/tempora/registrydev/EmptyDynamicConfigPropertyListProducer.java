package io.tempora.registrydev;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.inject.Produces;
import javax.inject.Singleton;

/**
 * Supplies the bean that Apicurio's {@code apicurio-common-app-components-config-index} extension would generate
 * at build time.
 *
 * <p>That extension's deployment artifact is not on Maven Central, so it is excluded from this build (see
 * pom.xml). Its only product is the list of configuration properties that an administrator may change at run
 * time through the registry's admin API. An empty list means no property is dynamically changeable, which is
 * what a throw-away development registry wants anyway.
 */
public final class EmptyDynamicConfigPropertyListProducer {

    @Produces
    @Singleton
    DynamicConfigPropertyList dynamicConfigPropertyList() {
        return new DynamicConfigPropertyList(List.of());
    }
}
