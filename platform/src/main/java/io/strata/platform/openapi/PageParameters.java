package io.strata.platform.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import io.strata.platform.web.PageRequest;
import io.strata.platform.web.PageRequestResolver;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * A handler's {@link PageRequest} parameter is two query parameters in the API document,
 * {@code page_size} and {@code page_token}, where the handler declares it (springdoc
 * would otherwise describe the record as an object). {@link ApiConventions} describes
 * them like every other list's.
 */
final class PageParameters implements OperationCustomizer {

	static {
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(PageRequest.class);
	}

	@Override
	public Operation customize(Operation operation, HandlerMethod handler) {
		int at = -1;
		int documented = 0;
		for (MethodParameter parameter : handler.getMethodParameters()) {
			if (parameter.getParameterType() == PageRequest.class) {
				at = documented;
				break;
			}
			if (isDocumentedParameter(parameter)) {
				documented++;
			}
		}
		if (at < 0) {
			return operation;
		}
		List<Parameter> parameters = (operation.getParameters() != null) ? new ArrayList<>(operation.getParameters())
				: new ArrayList<>();
		at = Math.min(at, parameters.size());
		parameters.add(at,
				query(PageRequestResolver.PAGE_SIZE, new JsonSchema().types(Set.of("integer")).format("int32")));
		parameters.add(at + 1, query(PageRequestResolver.PAGE_TOKEN, new JsonSchema().types(Set.of("string"))));
		operation.setParameters(parameters);
		return operation;
	}

	private static boolean isDocumentedParameter(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(RequestParam.class)
				|| parameter.hasParameterAnnotation(PathVariable.class)
				|| parameter.hasParameterAnnotation(RequestHeader.class);
	}

	private static Parameter query(String name, Schema<?> schema) {
		return new Parameter().in("query").name(name).required(false).schema(schema);
	}

}
