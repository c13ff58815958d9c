package io.strata.platform.filter;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.LexerNoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Parses AIP-160 filters ({@code state = "open" AND attributes.priority >= 3}) with the
 * ANTLR grammar {@code Aip160.g4} into a {@link Filter}.
 * <p>
 * Any input either yields a filter or throws {@link FilterSyntaxException}: input is
 * bounded in length and parenthesis depth before the recursive-descent parser runs, so
 * hostile filters cannot exhaust the stack, and the first syntax error stops parsing (no
 * error recovery guessing what the caller meant). Thread-safe and stateless.
 */
public final class FilterParser {

	/** Longest filter accepted, in characters. */
	public static final int MAX_LENGTH = 4096;

	/** Deepest parenthesis nesting accepted. */
	public static final int MAX_DEPTH = 32;

	private static final String VALUE = "a value";

	private static final String COMPARATOR = "a comparator (=, !=, <, <=, >, >=, :)";

	private FilterParser() {
	}

	/**
	 * Parses a filter; {@code null} or blank input is the empty filter (an
	 * {@link Filter.And} without operands, matching everything).
	 * @throws FilterSyntaxException when the input does not follow the grammar
	 */
	public static Filter parse(String filter) {
		if (filter == null || filter.isBlank()) {
			return new Filter.And(List.of());
		}
		if (filter.length() > MAX_LENGTH) {
			throw new FilterSyntaxException(MAX_LENGTH, "the filter is longer than " + MAX_LENGTH + " characters",
					List.of());
		}
		Aip160Lexer lexer = new Aip160Lexer(CharStreams.fromString(filter));
		lexer.removeErrorListeners();
		lexer.addErrorListener(new LexerErrors(filter));
		CommonTokenStream tokens = new CommonTokenStream(lexer);
		tokens.fill();
		checkDepth(tokens.getTokens());
		Aip160Parser parser = new Aip160Parser(tokens);
		parser.removeErrorListeners();
		parser.addErrorListener(new ParserErrors());
		return new AstBuilder().expression(parser.filter().expression());
	}

	private static void checkDepth(List<Token> tokens) {
		int depth = 0;
		for (Token token : tokens) {
			if (token.getType() == Aip160Lexer.LPAREN && ++depth > MAX_DEPTH) {
				throw new FilterSyntaxException(token.getStartIndex(),
						"parentheses are nested deeper than " + MAX_DEPTH, List.of());
			}
			if (token.getType() == Aip160Lexer.RPAREN) {
				depth--;
			}
		}
	}

	static String found(Token token) {
		if (token == null || token.getType() == Token.EOF) {
			return "end of input";
		}
		String text = token.getText();
		return "'" + ((text.length() > 32) ? text.substring(0, 32) + "…" : text) + "'";
	}

	/** Names what the grammar allowed, in words a caller understands. */
	static List<String> describe(IntervalSet expected) {
		Set<String> names = new LinkedHashSet<>();
		boolean value = expected.contains(Aip160Lexer.STRING);
		for (int type : expected.toArray()) {
			names.add(switch (type) {
				case Token.EOF -> "end of input";
				case Aip160Lexer.STRING, Aip160Lexer.NUMBER, Aip160Lexer.TIMESTAMP, Aip160Lexer.TRUE, Aip160Lexer.FALSE,
						Aip160Lexer.STAR ->
					VALUE;
				case Aip160Lexer.IDENT -> value ? VALUE : "a field name";
				case Aip160Lexer.EQ, Aip160Lexer.NE, Aip160Lexer.LT, Aip160Lexer.LE, Aip160Lexer.GT, Aip160Lexer.GE,
						Aip160Lexer.HAS ->
					COMPARATOR;
				default -> Aip160Lexer.VOCABULARY.getDisplayName(type);
			});
		}
		return List.copyOf(names);
	}

	private static final class LexerErrors extends BaseErrorListener {

		private final String input;

		LexerErrors(String input) {
			this.input = input;
		}

		@Override
		public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
				String msg, RecognitionException e) {
			int position = (e instanceof LexerNoViableAltException noViableAlt) ? noViableAlt.getStartIndex()
					: charPositionInLine;
			position = Math.max(0, Math.min(position, this.input.length()));
			char at = (position < this.input.length()) ? this.input.charAt(position) : ' ';
			if (at == '"' || at == '\'') {
				throw new FilterSyntaxException(position, "unterminated string", List.of("a closing " + at));
			}
			throw new FilterSyntaxException(position, "unexpected character '" + at + "'", List.of());
		}

	}

	private static final class ParserErrors extends BaseErrorListener {

		@Override
		public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
				String msg, RecognitionException e) {
			Token token = (offendingSymbol instanceof Token t) ? t : null;
			IntervalSet expected = (e != null) ? e.getExpectedTokens() : ((Parser) recognizer).getExpectedTokens();
			int position = (token != null && token.getStartIndex() >= 0) ? token.getStartIndex() : charPositionInLine;
			throw new FilterSyntaxException(position, "unexpected " + found(token),
					(expected != null) ? describe(expected) : List.of());
		}

	}

	/** Turns the parse tree into the immutable AST, folding single operands. */
	private static final class AstBuilder {

		Filter expression(Aip160Parser.ExpressionContext expression) {
			if (expression == null) {
				return new Filter.And(List.of());
			}
			List<Filter> operands = new ArrayList<>();
			for (Aip160Parser.SequenceContext sequence : expression.sequence()) {
				for (Aip160Parser.FactorContext factor : sequence.factor()) {
					operands.add(factor(factor));
				}
			}
			return (operands.size() == 1) ? operands.get(0) : new Filter.And(operands);
		}

		private Filter factor(Aip160Parser.FactorContext factor) {
			List<Filter> operands = factor.term().stream().map(this::term).toList();
			return (operands.size() == 1) ? operands.get(0) : new Filter.Or(operands);
		}

		private Filter term(Aip160Parser.TermContext term) {
			Filter simple = simple(term.simple());
			return (term.NOT() != null || term.MINUS() != null) ? new Filter.Not(simple) : simple;
		}

		private Filter simple(Aip160Parser.SimpleContext simple) {
			if (simple.composite() != null) {
				return expression(simple.composite().expression());
			}
			Aip160Parser.RestrictionContext restriction = simple.restriction();
			Filter.Path path = new Filter.Path(
					restriction.member().IDENT().stream().map(TerminalNode::getText).toList());
			Filter.Value value = value(restriction.arg());
			Token comparator = restriction.comparator().getStart();
			if (comparator.getType() == Aip160Lexer.HAS) {
				return new Filter.Has(path, value);
			}
			if (value instanceof Filter.AnyValue) {
				throw new FilterSyntaxException(restriction.arg().getStart().getStartIndex(),
						"'*' is only allowed after ':'", List.of(VALUE));
			}
			return new Filter.Comparison(path, operator(comparator.getType()), value);
		}

		private Filter.Operator operator(int type) {
			return switch (type) {
				case Aip160Lexer.EQ -> Filter.Operator.EQ;
				case Aip160Lexer.NE -> Filter.Operator.NE;
				case Aip160Lexer.LT -> Filter.Operator.LT;
				case Aip160Lexer.LE -> Filter.Operator.LE;
				case Aip160Lexer.GT -> Filter.Operator.GT;
				case Aip160Lexer.GE -> Filter.Operator.GE;
				default -> throw new IllegalStateException("Not a comparator: " + type);
			};
		}

		private Filter.Value value(Aip160Parser.ArgContext arg) {
			Token token = arg.getStart();
			String text = token.getText();
			return switch (token.getType()) {
				case Aip160Lexer.STRING -> new Filter.StringValue(unquote(text));
				case Aip160Lexer.IDENT -> new Filter.StringValue(text);
				case Aip160Lexer.TRUE -> new Filter.BooleanValue(true);
				case Aip160Lexer.FALSE -> new Filter.BooleanValue(false);
				case Aip160Lexer.STAR -> new Filter.AnyValue();
				case Aip160Lexer.NUMBER -> number(token);
				case Aip160Lexer.TIMESTAMP -> timestamp(token);
				default -> throw new IllegalStateException("Not a value: " + text);
			};
		}

		private Filter.Value number(Token token) {
			try {
				return new Filter.NumberValue(new BigDecimal(token.getText()));
			}
			catch (NumberFormatException ex) {
				throw new FilterSyntaxException(token.getStartIndex(), "number out of range " + found(token),
						List.of());
			}
		}

		private Filter.Value timestamp(Token token) {
			String text = token.getText().toUpperCase(Locale.ROOT);
			try {
				Instant instant = (text.indexOf('T') > 0) ? OffsetDateTime.parse(text).toInstant()
						: LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
				return new Filter.TimestampValue(instant);
			}
			catch (DateTimeParseException ex) {
				throw new FilterSyntaxException(token.getStartIndex(), "invalid timestamp " + found(token),
						List.of("an RFC 3339 timestamp such as 2024-05-01T12:00:00Z"));
			}
		}

		private static String unquote(String quoted) {
			StringBuilder value = new StringBuilder(quoted.length());
			for (int i = 1; i < quoted.length() - 1; i++) {
				char c = quoted.charAt(i);
				if (c == '\\' && i + 1 < quoted.length() - 1) {
					char next = quoted.charAt(++i);
					value.append(switch (next) {
						case 'n' -> '\n';
						case 't' -> '\t';
						case 'r' -> '\r';
						default -> next;
					});
				}
				else {
					value.append(c);
				}
			}
			return value.toString();
		}

	}

}
