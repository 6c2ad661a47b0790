const LABELS: Record<string, string> = {
  formula: 'formula',
  slogan: 'slogan',
  quotation: 'quotation',
  title: 'title',
  name: 'name',
};

export function KindBadge({ kind }: { kind: string }) {
  return <span className={`badge ${kind}`}>{LABELS[kind] ?? kind}</span>;
}
