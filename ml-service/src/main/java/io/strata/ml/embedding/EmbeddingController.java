package io.strata.ml.embedding;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import io.strata.platform.tenant.TenantContext;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v2/ml/embeddings}: texts in, unit vectors out (OpenAI's shape). */
@RestController
@RequestMapping("/v2/ml/embeddings")
@Tag(name = "ml")
class EmbeddingController {

	private final EmbeddingTexts embedding;

	EmbeddingController(EmbeddingTexts embedding) {
		this.embedding = embedding;
	}

	@Schema(name = "EmbeddingRequest", description = "The texts to embed.")
	record EmbeddingRequest(
			@Nullable @ArraySchema(minItems = 1, maxItems = EmbeddingTexts.MAX_INPUTS, schema = @Schema(minLength = 1,
					maxLength = EmbeddingTexts.MAX_CHARACTERS, example = "my car will not start")) List<String> input) {

	}

	@Schema(name = "EmbeddingList", description = "One unit-length vector per text, in the order of the texts.")
	record EmbeddingList(@Schema(example = "all-minilm-l6-v2-q") String model,
			@Schema(example = "1.19.0-beta29") String modelVersion, @Schema(example = "384") int dimensions,
			List<EmbeddingItem> data) {

	}

	@Schema(name = "EmbeddingItem", description = "The vector of the text at this index of the request.")
	record EmbeddingItem(int index, float[] embedding) {

	}

	@PostMapping
	@Operation(operationId = "createEmbeddings", summary = "Embed up to 256 texts")
	EmbeddingList embed(@RequestBody EmbeddingRequest request) {
		// a token without a tenant is refused, as for every tenant API
		TenantContext.requireTenant();
		EmbeddingTexts.Embeddings embeddings = this.embedding.embed(request.input());
		List<EmbeddingItem> data = new ArrayList<>(embeddings.vectors().size());
		for (int i = 0; i < embeddings.vectors().size(); i++) {
			data.add(new EmbeddingItem(i, embeddings.vectors().get(i)));
		}
		EmbeddingModelInfo model = embeddings.model();
		return new EmbeddingList(model.name(), model.version(), model.dimensions(), data);
	}

}
