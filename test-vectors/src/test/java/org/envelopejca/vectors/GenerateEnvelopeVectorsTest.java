package org.envelopejca.vectors;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Build entry point of {@link EnvelopeVectorGenerator}: runs only with {@code -Denvelope.vectors.generate=true}
 * (see the README), and rewrites the committed vectors.
 */
class GenerateEnvelopeVectorsTest {

    @Test
    @EnabledIfSystemProperty(named = "envelope.vectors.generate", matches = "true")
    void generate() throws Exception {
        EnvelopeVectorGenerator.generate(Path.of(EnvelopeVectorCatalog.FOLDER));
    }
}
