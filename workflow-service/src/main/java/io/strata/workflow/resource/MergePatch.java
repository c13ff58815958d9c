package io.strata.workflow.resource;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch (RFC 7396). Written here because Jackson 3 has no merge patch of its
 * own and the algorithm is the RFC's ten lines; javax.json's needs a second JSON stack.
 */
final class MergePatch {

	private MergePatch() {
	}

	static JsonNode apply(JsonNode target, JsonNode patch) {
		if (!patch.isObject()) {
			return patch.deepCopy();
		}
		ObjectNode result = (target != null && target.isObject()) ? (ObjectNode) target.deepCopy()
				: ((ObjectNode) patch).objectNode();
		for (Map.Entry<String, JsonNode> member : patch.properties()) {
			if (member.getValue().isNull()) {
				result.remove(member.getKey());
			}
			else {
				result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
			}
		}
		return result;
	}

}
