package io.strata.analytics.resource;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Semantic search over resources: ml-service embeds, this service stores and searches the
 * vectors.
 *
 * @param mlGrpc ml-service's gRPC address ({@code host:port})
 * @param deadline how long one Embed call may take before indexing goes on without
 * vectors (the backfill adds them later)
 * @param dimensions the length of the model's vectors, fixed in the index mapping
 * @param minSimilarity the cosine similarity below which a semantic match is no match
 * (the nearest neighbours of any query are otherwise always "found")
 * @param numCandidates candidates each shard considers per kNN search; more is more exact
 * and slower
 * @param backfillInterval how often resources without a vector of the current model are
 * looked for (ml was down when they were indexed, or the model changed)
 * @param backfillBatch resources embedded per backfill request
 * @param pauseAfterFailure how long indexing stops asking ml after a failed call (the
 * backfill and searches still ask)
 */
@ConfigurationProperties("strata.analytics.semantic")
public record SemanticProperties(String mlGrpc, @DefaultValue("5s") Duration deadline,
		@DefaultValue("384") int dimensions, @DefaultValue("0.3") double minSimilarity,
		@DefaultValue("200") int numCandidates, @DefaultValue("10s") Duration backfillInterval,
		@DefaultValue("128") int backfillBatch, @DefaultValue("30s") Duration pauseAfterFailure) {

}
