package io.tempora.schemas.serde;

/**
 * How {@link ConfluentAvroSerializer} chooses the schema id it writes, one of four ways as in Confluent's
 * serializers. {@link ConfluentAvroSerdeConfig#schemaSelection()} picks the first that the properties enable:
 *
 * <ol>
 *   <li>{@link AutoRegister}: {@code auto.register.schemas=true} (the default);
 *   <li>{@link FixedId}: {@code use.schema.id} set to an id (&gt;= 0);
 *   <li>{@link LatestVersion}: {@code use.latest.version=true};
 *   <li>{@link LookUp}: otherwise.
 * </ol>
 *
 * <p>With {@link FixedId} and {@link LatestVersion} the chosen schema may differ from the record's own; the
 * serializer then converts the record to it by Avro schema resolution, so the bytes always match the id.
 */
public sealed interface SchemaSelection {

    /** Register the record's own schema under the subject (a no-op if it is there) and write its id. */
    record AutoRegister() implements SchemaSelection {}

    /**
     * Write the schema with registry id {@code id}.
     *
     * @param id the id ({@code use.schema.id})
     * @param compatibilityStrict whether the schema must be able to read every record of the record's own schema
     *     ({@code id.compatibility.strict}); if false, records that cannot be converted fail one by one
     */
    record FixedId(int id, boolean compatibilityStrict) implements SchemaSelection {

        public FixedId {
            if (id < 0) {
                throw new IllegalArgumentException("a schema id is >= 0, was " + id);
            }
        }
    }

    /**
     * Write the latest version registered under the subject.
     *
     * @param compatibilityStrict whether the latest version must be able to read every record of the record's own
     *     schema ({@code latest.compatibility.strict}); if false, records that cannot be converted fail one by one
     */
    record LatestVersion(boolean compatibilityStrict) implements SchemaSelection {}

    /** Write the id of the record's own schema, which must already be registered under the subject. */
    record LookUp() implements SchemaSelection {}
}
