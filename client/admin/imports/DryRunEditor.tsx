// After a dry run: what it found, the column and value editors, and the buttons to dry run again,
// save the mapping or run the import (both wait for a dry run of the edits).
import { useAdmin } from '../admin-context';
import type { ImportDoc } from '@shared/admin-api';
import { ColumnEditor } from './ColumnEditor';
import { DryRunSummary, SampleTable } from './DryRunView';
import type { ImportFlow } from './use-import-flow';
import { ValueTable } from './ValueTable';

export function DryRunEditor({ doc, flow }: { doc: ImportDoc; flow: ImportFlow }) {
  const { t } = useAdmin();
  return (
    <>
      <DryRunSummary doc={doc} />
      <div className="actions">
        <button className="btn" onClick={flow.dryRunAgain} data-testid="dry-run-again">
          {t.dryRunAgain}
        </button>
        <button className="btn" onClick={flow.save} disabled={flow.dirty}>
          {flow.saved ? t.saved : t.saveMapping}
        </button>
        <button className="btn primary" onClick={flow.run} disabled={flow.dirty} data-testid="run">
          {t.runImport}
        </button>
      </div>
      <div className="editors">
        <ColumnEditor
          headers={doc.header?.headers ?? []}
          columns={flow.columns}
          onChange={flow.editColumns}
        />
        <ValueTable unmapped={doc.dryRun!.unmapped} choices={flow.choices} onChoice={flow.choose} />
      </div>
      <SampleTable doc={doc} />
    </>
  );
}
