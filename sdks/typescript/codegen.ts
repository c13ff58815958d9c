// Typed GraphQL documents (npm run generate:graphql): graphql-codegen's client preset
// checks every graphql(`...`) document under src/ against the gateway's schema and writes
// its result and variables types to src/generated/graphql/ as typed strings (no GraphQL
// runtime in the package). An unknown field or a wrong argument fails the generation.
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../../gateway-service/src/main/resources/graphql/schema.graphqls",
  documents: ["src/graphql/**/*.ts"],
  ignoreNoDocuments: false,
  // NodeNext: relative imports with their .js extension
  emitLegacyCommonJSImports: false,
  generates: {
    "src/generated/graphql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        documentMode: "string",
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { JSON: "unknown", DateTime: "string" },
      },
    },
  },
};

export default config;
