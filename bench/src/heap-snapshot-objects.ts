import { readFile } from 'node:fs/promises';

/** Live bytes in one V8 heap snapshot, by the snapshot's node type (`string`, `object`, `code`, …). */
export type HeapBytesByType = Record<string, number>;

interface SnapshotJson {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
    };
  };
  nodes: number[];
  edges: number[];
}

/**
 * Sums the self size of every node of a `.heapsnapshot` file by node type. A snapshot holds only
 * what is reachable (V8 collects before writing it), so, unlike `heapUsed` after `gc()`, it does not
 * count pages the collector has not swept yet, and compiled code and bytecode are their own type
 * (`code`) instead of moving between V8's heap spaces. A regular expression's compiled matcher is
 * an array below the `regexp` node, which V8 throws away when the expression goes unused for a while
 * and compiles again on its next use; those arrays count as `code` too.
 */
export async function heapBytesByType(file: string): Promise<HeapBytesByType> {
  const json = JSON.parse(await readFile(file, 'utf8')) as SnapshotJson;
  const { node_fields: fields, node_types: nodeTypes, edge_fields: edgeFields } = json.snapshot.meta;
  const types = nodeTypes[0];
  const typeAt = fields.indexOf('type');
  const sizeAt = fields.indexOf('self_size');
  const edgeCountAt = fields.indexOf('edge_count');
  const toAt = edgeFields.indexOf('to_node');
  const { nodes, edges } = json;
  const arrayType = types.indexOf('array');
  const regexpType = types.indexOf('regexp');
  // Where each node's edges start (they are listed node after node).
  const firstEdge = new Uint32Array(nodes.length / fields.length + 1);
  for (let node = 0, index = 0; node < nodes.length; node += fields.length, index += 1)
    firstEdge[index + 1] = firstEdge[index]! + nodes[node + edgeCountAt]! * edgeFields.length;
  const arraysBelow = (node: number): number[] => {
    const index = node / fields.length;
    const found: number[] = [];
    for (let edge = firstEdge[index]!; edge < firstEdge[index + 1]!; edge += edgeFields.length) {
      const to = edges[edge + toAt]!;
      if (nodes[to + typeAt] === arrayType) found.push(to);
    }
    return found;
  };
  const compiledMatchers = new Set<number>();
  for (let node = 0; node < nodes.length; node += fields.length) {
    if (nodes[node + typeAt] !== regexpType) continue;
    for (const data of arraysBelow(node)) {
      compiledMatchers.add(data);
      for (const matcher of arraysBelow(data)) compiledMatchers.add(matcher);
    }
  }
  const bytes: HeapBytesByType = {};
  for (let node = 0; node < nodes.length; node += fields.length) {
    const type = compiledMatchers.has(node) ? 'code' : (types[nodes[node + typeAt]!] ?? 'unknown');
    bytes[type] = (bytes[type] ?? 0) + nodes[node + sizeAt]!;
  }
  return bytes;
}
