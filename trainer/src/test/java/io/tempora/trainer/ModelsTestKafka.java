package io.tempora.trainer;

import io.tempora.data.TypeVocabulary;
import io.tempora.model.EventModel;
import io.tempora.model.FeatureStatistics;
import io.tempora.model.ModelArchitecture;
import io.tempora.schemas.testing.RegistryDevServer;
import io.tempora.streams.model.ModelParametersMapper;
import io.tempora.streams.model.ModelSigner;
import io.tempora.streams.testing.EmbeddedKafka;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the trainer's tests against a real broker and registry share: small models, the client settings that name the
 * broker and the registry, and signing keys.
 */
public final class ModelsTestKafka {

    /** D=4, H=6, E=3, K=2 types, F=1 feature: small, but every tensor kind is there. */
    public static final ModelArchitecture ARCHITECTURE = new ModelArchitecture(4, 6, 3, 2, 1);

    private ModelsTestKafka() {}

    /** A model with random (seeded) parameters, two types and one feature, time unit one second. */
    public static EventModel model(long seed) {
        return EventModel.create(
                ARCHITECTURE,
                1000.0,
                TypeVocabulary.of("click", "buy"),
                new FeatureStatistics(List.of("amount"), new double[] {12.5}, new double[] {4.0}),
                "local",
                seed);
    }

    /** The checksum a record of {@code model} carries (it depends on the parameters alone). */
    public static String checksum(EventModel model) {
        return ModelParametersMapper.toAvro(
                        model, "any", 1, OptionalLong.empty(), Instant.EPOCH, Map.of(), Optional.<ModelSigner>empty())
                .getChecksum();
    }

    /** Client and serde settings for {@code kafka} and {@code registry}. */
    public static Map<String, Object> clients(EmbeddedKafka kafka, RegistryDevServer registry) {
        Map<String, Object> c = new HashMap<>();
        c.put("bootstrap.servers", kafka.bootstrapServers());
        c.put("schema.registry.url", registry.confluentApiUrl());
        return c;
    }

    /** A fresh Ed25519 key pair. */
    public static KeyPair keyPair() {
        try {
            return KeyPairGenerator.getInstance(ModelSigner.ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
