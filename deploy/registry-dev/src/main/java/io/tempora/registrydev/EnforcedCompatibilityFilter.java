package io.tempora.registrydev;

import io.apicurio.registry.ccompat.dto.CompatibilityLevelParamDto;
import io.apicurio.registry.ccompat.store.RegistryStorageFacade;
import io.apicurio.registry.rules.RulesProperties;
import io.apicurio.registry.storage.NotFoundException;
import io.apicurio.registry.storage.dto.RuleConfigurationDto;
import io.apicurio.registry.types.RuleType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.inject.Inject;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.ext.Provider;

/**
 * Makes the Confluent API's {@code GET /config} and {@code GET /config/{subject}} answer the compatibility level the
 * registry enforces, as Confluent's registry does.
 *
 * <p>Apicurio 2.4.2 answers those from stored rules only: the global rule configured by
 * {@code registry.rules.global.compatibility} (BACKWARD here) is enforced but not stored, so it answers
 * {@code NONE}, and a subject without a rule of its own answers {@code NONE} although the global rule applies to
 * it. Confluent tooling that reads the level (to check a schema before registering it, say) is then misled. This
 * filter answers what Apicurio's rule service applies: the subject's own rule, else the stored global rule, else the
 * configured default global rule, else {@code NONE}.
 */
@Provider
public final class EnforcedCompatibilityFilter implements ContainerResponseFilter {

    /** {@code /apis/ccompat/v6/config} or {@code .../v7/config}, optionally followed by {@code /subject}. */
    private static final Pattern CONFIG_PATH = Pattern.compile("/?apis/ccompat/v[67]/config(?:/([^/]+))?/?");

    private static final int OK = 200;
    private static final String NONE = "NONE";

    @Inject
    RegistryStorageFacade storage;

    @Inject
    RulesProperties rules;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!"GET".equals(request.getMethod())
                || response.getStatus() != OK
                || !(response.getEntity() instanceof CompatibilityLevelParamDto)) {
            return;
        }
        Matcher m = CONFIG_PATH.matcher(request.getUriInfo().getPath());
        if (!m.matches()) {
            return;
        }
        String subject = m.group(1) == null ? null : URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
        response.setEntity(new CompatibilityLevelParamDto(enforced(subject)));
    }

    /** The level applied to {@code subject}, or registry-wide when it is null. */
    private String enforced(String subject) {
        if (subject != null) {
            try {
                return storage.getArtifactRule(subject, RuleType.COMPATIBILITY).getConfiguration();
            } catch (NotFoundException noSubjectRule) {
                // The global rule applies.
            }
        }
        try {
            return storage.getGlobalRule(RuleType.COMPATIBILITY).getConfiguration();
        } catch (NotFoundException noStoredGlobalRule) {
            if (rules.isDefaultGlobalRuleConfigured(RuleType.COMPATIBILITY)) {
                RuleConfigurationDto configured = rules.getDefaultGlobalRuleConfiguration(RuleType.COMPATIBILITY);
                return configured.getConfiguration();
            }
            return NONE;
        }
    }
}
