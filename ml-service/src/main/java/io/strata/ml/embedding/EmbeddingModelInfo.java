package io.strata.ml.embedding;

/**
 * Which model makes the embeddings: vectors of different models or versions live in
 * different spaces and must not be compared, so every answer and metric names both.
 *
 * @param name the model's name, such as {@code all-minilm-l6-v2-q}
 * @param version the version of the artifact that ships the weights
 * @param dimensions the length of every vector
 */
public record EmbeddingModelInfo(String name, String version, int dimensions) {

}
