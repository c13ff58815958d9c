package io.strata.platform.web;

import java.util.List;

import io.strata.platform.problem.FieldViolation;
import io.strata.platform.problem.ProblemException;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives a controller's {@link PageRequest} parameter from the query's {@code page_size}
 * and {@code page_token}, so every list reads and validates them the same way.
 */
public class PageRequestResolver implements HandlerMethodArgumentResolver {

	public static final String PAGE_SIZE = "page_size";

	public static final String PAGE_TOKEN = "page_token";

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == PageRequest.class;
	}

	@Override
	public PageRequest resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
			NativeWebRequest request, WebDataBinderFactory binderFactory) {
		return PageRequest.of(size(request.getParameter(PAGE_SIZE)), request.getParameter(PAGE_TOKEN));
	}

	private static Integer size(String text) {
		if (text == null || text.isEmpty()) {
			return null;
		}
		try {
			return Integer.valueOf(text.strip());
		}
		catch (NumberFormatException ex) {
			throw ProblemException.invalid(
					"page_size must be a whole number between 1 and " + PageRequests.MAX_SIZE + ".",
					List.of(new FieldViolation("/page_size", "must be a whole number")));
		}
	}

}
