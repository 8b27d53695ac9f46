package io.tempora.deploy.system;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.containers.GenericContainer;

/**
 * A container of the trainer image on one test class's topics and model, running {@code command} (the training
 * service or one run), and the runs it reported: each run prints one line {@code TRAIN {json}} on stdout.
 */
final class TrainerContainer {

    /** The trainer's configuration file in its image. */
    static final String CONFIG = "/etc/tempora/trainer.properties";

    private static final Pattern RUN = Pattern.compile("^TRAIN (\\{.*})$");

    private final ContainerLog log;
    private final GenericContainer<?> container;

    /**
     * The trainer {@code name} for {@code model} on {@code topics}, one training thread (the other core stays with
     * the apps), running {@code command}; further {@code TEMPORA_*} variables are added by the caller.
     */
    TrainerContainer(SharedServices services, String name, TopicSet topics, String model, String... command) {
        this.log = ImageContainers.log(name);
        this.container = ImageContainers.container("tempora.image.trainer", name, log)
                .withEnv("TEMPORA_BOOTSTRAP_SERVERS", services.bootstrap())
                .withEnv("TEMPORA_SCHEMA_REGISTRY_URL", services.registryUrl())
                .withEnv("TEMPORA_MODEL_NAME", model)
                .withEnv("TEMPORA_EVENTS_TOPIC", topics.events())
                .withEnv("TEMPORA_MODELS_TOPIC", topics.models())
                .withEnv("TEMPORA_TRAIN_THREADS", "1")
                .withCommand(command);
    }

    GenericContainer<?> container() {
        return container;
    }

    /** The runs reported so far, in order. */
    List<Run> runs() {
        return log.matches(0, RUN).stream().map(Run::of).toList();
    }

    /**
     * One run's record, read from its {@code TRAIN} line.
     *
     * @param line the JSON the trainer printed
     */
    record Run(String line) {

        static Run of(String trainLine) {
            Matcher m = RUN.matcher(trainLine);
            if (!m.find()) {
                throw new IllegalArgumentException("not a TRAIN line: " + trainLine);
            }
            return new Run(m.group(1));
        }

        /** published, kept_champion, skipped or failed. */
        String decision() {
            return field("decision", "\"([a-z_]+)\"").orElseThrow();
        }

        Instant startedAt() {
            return Instant.parse(field("started_at", "\"([^\"]+)\"").orElseThrow());
        }

        long recordsRead() {
            return Long.parseLong(field("records_read", "(\\d+)").orElseThrow());
        }

        Optional<Long> publishedVersion() {
            return field("published_version", "(\\d+)").map(Long::parseLong);
        }

        private Optional<String> field(String name, String value) {
            Matcher m = Pattern.compile("\"" + name + "\":" + value).matcher(line);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }
}
