/**
 * Models rolled in without a restart: the mapping between {@code EventModel} and the Avro record
 * {@code ModelParameters} ({@link io.tempora.streams.model.ModelParametersMapper}), the checks a version passes before
 * it serves ({@link io.tempora.streams.model.ModelValidator}: checksum, Ed25519 signature, family, shapes, finite
 * values; refusals as {@link io.tempora.streams.model.ModelRefusedException.Reason}), the
 * {@link io.tempora.streams.model.ModelCatalog} of accepted and refused versions that stream threads ask for the
 * serving one, the {@link io.tempora.streams.model.ModelFollower} that feeds it from the {@code model-parameters}
 * topic, and the {@link io.tempora.streams.model.ModelPublisher} that writes to it.
 *
 * <p>Stream threads take an immutable {@link io.tempora.streams.model.ServingModel} from the catalog and build their
 * own scorer from it ({@link io.tempora.streams.model.ServingModel#newScorer()}); the model itself is shared and never
 * written.
 */
package io.tempora.streams.model;
