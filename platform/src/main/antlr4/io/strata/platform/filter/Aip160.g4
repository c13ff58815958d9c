/*
 * The AIP-160 list filter (https://google.aip.dev/160), as Strata supports it.
 *
 * Precedence follows the AIP: OR binds tighter than AND, so `a = 1 AND b = 2 OR c = 3`
 * means `a = 1 AND (b = 2 OR c = 3)`; juxtaposed terms (a sequence) are ANDed.
 * Every restriction needs a comparator: bare global text search is the `q` parameter.
 */
grammar Aip160;

filter
    : expression? EOF
    ;

expression
    : sequence (AND sequence)*
    ;

sequence
    : factor factor*
    ;

factor
    : term (OR term)*
    ;

term
    : (NOT | MINUS)? simple
    ;

simple
    : restriction
    | composite
    ;

restriction
    : member comparator arg
    ;

composite
    : LPAREN expression RPAREN
    ;

member
    : IDENT (DOT IDENT)*
    ;

comparator
    : EQ | NE | LE | LT | GE | GT | HAS
    ;

arg
    : STRING
    | NUMBER
    | TIMESTAMP
    | TRUE
    | FALSE
    | STAR
    | IDENT
    ;

AND : 'AND' ;
OR : 'OR' ;
NOT : 'NOT' ;
TRUE : 'true' ;
FALSE : 'false' ;

LPAREN : '(' ;
RPAREN : ')' ;
DOT : '.' ;
STAR : '*' ;
NE : '!=' ;
LE : '<=' ;
GE : '>=' ;
EQ : '=' ;
LT : '<' ;
GT : '>' ;
HAS : ':' ;

// Before NUMBER: the longest match wins, so 2024-05-01 is a timestamp, not 2024 then -05.
TIMESTAMP
    : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT
      ( [Tt] DIGIT DIGIT ':' DIGIT DIGIT ':' DIGIT DIGIT ('.' DIGIT+)? ([Zz] | [+-] DIGIT DIGIT ':' DIGIT DIGIT) )?
    ;

NUMBER
    : '-'? DIGIT+ ('.' DIGIT+)? ([eE] [+-]? DIGIT+)?
    ;

MINUS : '-' ;

STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
    | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\''
    ;

IDENT
    : [a-zA-Z_] [a-zA-Z0-9_]*
    ;

WS
    : [ \t\r\n]+ -> skip
    ;

fragment DIGIT : [0-9] ;
