package io.strata.workflow.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;

import io.strata.platform.problem.FieldViolation;

/**
 * Step inputs as CEL expressions (the {@code dev.cel} library) over {@code resource},
 * {@code input} and {@code steps} ({@code steps.<name>.output}). In an input template
 * every JSON string is an expression ({@code "input.approver"}, {@code "'literal'"});
 * numbers, booleans and nulls are taken as they are; objects and arrays are walked.
 */
public final class Expressions {

	private static final int CACHE_LIMIT = 10_000;

	private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
		.setStandardMacros(CelStandardMacro.STANDARD_MACROS)
		.addVar("resource", MapType.create(SimpleType.STRING, SimpleType.DYN))
		.addVar("input", MapType.create(SimpleType.STRING, SimpleType.DYN))
		.addVar("steps", MapType.create(SimpleType.STRING, SimpleType.DYN))
		.build();

	private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();

	private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

	/** Compile errors of every expression in the template, pointing into it. */
	public List<FieldViolation> check(Object template, String pointer) {
		List<FieldViolation> violations = new ArrayList<>();
		walkCheck(template, pointer, violations);
		return violations;
	}

	private void walkCheck(Object node, String pointer, List<FieldViolation> violations) {
		if (node instanceof String expression) {
			try {
				this.compiler.compile(expression).getAst();
			}
			catch (CelValidationException ex) {
				violations.add(new FieldViolation(pointer, "is not a valid CEL expression: " + firstLine(ex)));
			}
		}
		else if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> walkCheck(value, pointer + "/" + escape(key.toString()), violations));
		}
		else if (node instanceof List<?> list) {
			for (int i = 0; i < list.size(); i++) {
				walkCheck(list.get(i), pointer + "/" + i, violations);
			}
		}
	}

	/**
	 * Evaluates a template; variables are plain JSON values (maps, lists, scalars). Each
	 * is turned into CEL's values when an expression first reads it, once for the whole
	 * template (a step's input reads one or two of them).
	 */
	public Object evaluate(Object template, Map<String, Object> variables) {
		Map<String, Object> converted = new HashMap<>();
		CelVariableResolver resolver = (name) -> variables.containsKey(name)
				? Optional.of(converted.computeIfAbsent(name, (key) -> toCel(variables.get(key)))) : Optional.empty();
		return walkEvaluate(template, resolver);
	}

	private Object walkEvaluate(Object node, CelVariableResolver variables) {
		if (node instanceof String expression) {
			try {
				return fromCel(program(expression).eval(variables));
			}
			catch (CelEvaluationException ex) {
				throw new ExpressionException("'" + expression + "': " + firstLine(ex), ex);
			}
		}
		if (node instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, value) -> result.put(key.toString(), walkEvaluate(value, variables)));
			return result;
		}
		if (node instanceof List<?> list) {
			return list.stream().map((item) -> walkEvaluate(item, variables)).toList();
		}
		return node;
	}

	private CelRuntime.Program program(String expression) {
		CelRuntime.Program program = this.programs.get(expression);
		if (program != null) {
			return program;
		}
		try {
			CelAbstractSyntaxTree ast = this.compiler.compile(expression).getAst();
			program = this.runtime.createProgram(ast);
		}
		catch (CelValidationException | CelEvaluationException ex) {
			throw new ExpressionException("'" + expression + "': " + firstLine(ex), ex);
		}
		if (this.programs.size() > CACHE_LIMIT) {
			this.programs.clear();
		}
		this.programs.put(expression, program);
		return program;
	}

	/** JSON values to CEL's: integers are int (long), JSON null is CEL null. */
	static Object toCel(Object value) {
		if (value == null) {
			return NullValue.NULL_VALUE;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, item) -> result.put(key.toString(), toCel(item)));
			return result;
		}
		if (value instanceof List<?> list) {
			return list.stream().map(Expressions::toCel).toList();
		}
		if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return ((Number) value).longValue();
		}
		if (value instanceof java.math.BigInteger big) {
			return big.longValue();
		}
		if (value instanceof Float || value instanceof java.math.BigDecimal) {
			return ((Number) value).doubleValue();
		}
		return value;
	}

	static Object fromCel(Object value) {
		if (value instanceof NullValue || value instanceof com.google.protobuf.NullValue) {
			return null;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, Object> result = new LinkedHashMap<>();
			map.forEach((key, item) -> result.put(key.toString(), fromCel(item)));
			return result;
		}
		if (value instanceof List<?> list) {
			List<Object> result = new ArrayList<>();
			list.forEach((item) -> result.add(fromCel(item)));
			return result;
		}
		if (value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value;
		}
		return (value != null) ? value.toString() : null;
	}

	private static String firstLine(Exception ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		int newline = message.indexOf('\n');
		return (newline > 0) ? message.substring(0, newline) : message;
	}

	static String escape(String key) {
		return key.replace("~", "~0").replace("/", "~1");
	}

	/** An expression that could not be evaluated (a missing key, a type error). */
	public static class ExpressionException extends RuntimeException {

		public ExpressionException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
