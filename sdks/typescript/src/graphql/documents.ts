// The SDK's typed GraphQL documents, checked against the schema when generated
// (codegen.ts). Apps write their own the same way.
import { graphql } from "../generated/graphql/gql.js";

export const ResourceById = graphql(`
  query ResourceById($id: ID!) {
    resource(id: $id) {
      id
      type
      typeVersion
      state
      attributes
      etag
      version
      createdAt
      updatedAt
      resourceType {
        name
        version
      }
    }
  }
`);

export const ResourcesPage = graphql(`
  query ResourcesPage($filter: String, $query: String, $mode: SearchMode, $orderBy: String, $first: Int, $after: String) {
    resources(filter: $filter, query: $query, mode: $mode, orderBy: $orderBy, first: $first, after: $after) {
      nodes {
        id
        type
        state
        attributes
        etag
        createdAt
        updatedAt
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CreateResource = graphql(`
  mutation CreateResource($input: CreateResourceInput!) {
    createResource(input: $input) {
      id
      type
      state
      attributes
      etag
      version
      createdAt
    }
  }
`);
