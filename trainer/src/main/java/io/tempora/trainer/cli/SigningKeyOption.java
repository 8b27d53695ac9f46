package io.tempora.trainer.cli;

import io.tempora.streams.model.ModelSigner;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --signing-key FILE} of the commands that republish a version ({@code promote}, {@code rollback}). */
final class SigningKeyOption {

    @Option(
            names = "--signing-key",
            paramLabel = "FILE",
            description = "A file holding a base64 PKCS#8 Ed25519 private key to sign the new version with (default: "
                    + "the version keeps the signature it has, which signs its unchanged checksum).")
    private Path file;

    /** The signer, if a key file is given. */
    Optional<ModelSigner> signer() {
        return ModelsSupport.signer(file);
    }
}
