package io.tempora.deploy.system;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.testcontainers.containers.GenericContainer;

/**
 * The app containers of one application id (one consumer group sharing the partitions of its events topic), made
 * but not started: a test starts them together with its other containers.
 */
final class AppGroup {

    private final SharedServices services;
    private final String applicationId;
    private final TopicSet topics;
    private final List<AppInstance> instances = new ArrayList<>();

    /**
     * Instances {@code NAME-1}, {@code NAME-2}, ... of application {@code applicationId}, one per port, on
     * {@code topics} and serving {@code model}.
     */
    AppGroup(SharedServices services, String applicationId, TopicSet topics, String model, List<Integer> ports) {
        this.services = services;
        this.applicationId = applicationId;
        this.topics = topics;
        for (int i = 0; i < ports.size(); i++) {
            instances.add(new AppInstance(
                    services, applicationId + "-" + (i + 1), applicationId, topics, model, ports.get(i)));
        }
    }

    List<AppInstance> instances() {
        return instances;
    }

    AppInstance instance(int i) {
        return instances.get(i);
    }

    List<GenericContainer<?>> containers() {
        return containersWith();
    }

    /** The instances' containers followed by {@code others}: what a test starts together. */
    List<GenericContainer<?>> containersWith(GenericContainer<?>... others) {
        List<GenericContainer<?>> all = new ArrayList<>();
        instances.forEach(a -> all.add(a.container()));
        all.addAll(List.of(others));
        return all;
    }

    /** Every instance is a member of the group holding some partitions of the events topic, and all are held. */
    boolean everyMemberHoldsPartitions() {
        List<List<Integer>> held = services.assignments(applicationId, topics.events());
        Set<Integer> all = new HashSet<>();
        held.forEach(all::addAll);
        return held.size() == instances.size()
                && held.stream().noneMatch(List::isEmpty)
                && all.size() == TopicSet.PARTITIONS;
    }

    /** Every instance's readiness probe answers 200. */
    boolean allReady() {
        return instances.stream().allMatch(AppInstance::isReady);
    }

    /** Every instance serves {@code version} of the model. */
    boolean allServe(long version) {
        return instances.stream().allMatch(a -> a.servingVersion().equals(Optional.of(version)));
    }
}
