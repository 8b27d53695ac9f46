package io.tempora.schemas.serde;

/**
 * The registry has no schema with the id found in a record's header (HTTP 404, error code 40403): the record
 * was produced against another registry, or the schema was deleted.
 */
public final class UnknownSchemaIdException extends SchemaSerdeException {

    public static final String REASON_CODE = "UNKNOWN_SCHEMA_ID";

    private final int schemaId;

    public UnknownSchemaIdException(int schemaId, String registryUrl, String registryMessage) {
        super(String.format(
                "Schema id %d is not known to the schema registry at %s (%s). The record was probably written against"
                        + " another registry: check that producer and consumer use the same schema.registry.url.",
                schemaId, registryUrl, registryMessage));
        this.schemaId = schemaId;
    }

    private UnknownSchemaIdException(int schemaId, String message) {
        super(message);
        this.schemaId = schemaId;
    }

    /**
     * The same verdict as {@code answer}, given again without asking the registry because the answer is younger
     * than {@link ConfluentAvroSerdeConfig#UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_CONFIG}.
     */
    public static UnknownSchemaIdException remembered(UnknownSchemaIdException answer, long ageMillis) {
        return new UnknownSchemaIdException(
                answer.schemaId,
                answer.getMessage() + " (the registry's answer of " + ageMillis + " ms ago, remembered for "
                        + ConfluentAvroSerdeConfig.UNKNOWN_SCHEMA_ID_CACHE_TTL_MS_CONFIG + ")");
    }

    /** The id that the registry does not know. */
    public int schemaId() {
        return schemaId;
    }

    @Override
    public String reasonCode() {
        return REASON_CODE;
    }
}
