package io.strata.identity.audit;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The outcome of recomputing a tenant's audit chain.
 *
 * @param valid every entry's hash matches its content and links to the one before
 * @param entriesChecked how many entries were read
 * @param firstBrokenSeq the first entry whose hash or link does not match; null when
 * valid
 * @param reason why that entry breaks the chain
 */
@Schema(description = "The outcome of recomputing the tenant's audit chain.")
public record AuditVerification(@Schema(example = "true") boolean valid, @Schema(example = "1024") long entriesChecked,
		@Schema(types = {
				"integer", "null" }, example = "17") Long firstBrokenSeq,
		@Schema(types = { "string", "null" },
				example = "prev_hash does not match the hash of the entry before") String reason){

	static final class Builder {

		private long checked;

		private String previousHash = AuditEntry.GENESIS;

		private long expectedSeq = 1;

		private Long brokenSeq;

		private String reason;

		void check(AuditEntry entry) {
			this.checked++;
			if (this.brokenSeq != null) {
				return;
			}
			if (entry.seq() != this.expectedSeq) {
				broken(this.expectedSeq, "entry " + this.expectedSeq + " is missing");
			}
			else if (!entry.prevHash().equals(this.previousHash)) {
				broken(entry.seq(), "prev_hash does not match the hash of the entry before");
			}
			else if (!entry.computeHash().equals(entry.hash())) {
				broken(entry.seq(), "the entry's content does not match its hash");
			}
			this.previousHash = entry.hash();
			this.expectedSeq = entry.seq() + 1;
		}

		private void broken(long seq, String why) {
			this.brokenSeq = seq;
			this.reason = why;
		}

		AuditVerification build() {
			return new AuditVerification(this.brokenSeq == null, this.checked, this.brokenSeq, this.reason);
		}

	}

}
