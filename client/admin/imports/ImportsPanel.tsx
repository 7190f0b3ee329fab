// Upload → dry run (fix columns and values, dry run again) → run with live progress; history below.
import { useState } from 'react';
import { useAdmin } from '../admin-context';
import { DryRunEditor } from './DryRunEditor';
import { ImportHistory } from './ImportHistory';
import { RunProgress } from './RunProgress';
import { UploadBox } from './UploadBox';
import { useImportFlow, useSources } from './use-import-flow';

function Alert({ text }: { text: string }) {
  return (
    <p className="error" role="alert">
      {text}
    </p>
  );
}

export function ImportsPanel() {
  const { t } = useAdmin();
  const flow = useImportFlow();
  const sources = useSources();
  const [source, setSource] = useState('12345');
  const [encoding, setEncoding] = useState('auto');
  const { doc, error } = flow;
  const status = doc?.status;
  return (
    <div className="imports">
      <div className="imports-work">
        {(!doc || status === 'failed' || status === 'undone') && (
          <UploadBox
            source={source}
            sources={sources}
            onSource={setSource}
            encoding={encoding}
            onEncoding={setEncoding}
            onFile={(f) => flow.upload(f, source, encoding)}
            busy={flow.uploading}
          />
        )}
        {error && <Alert text={error} />}
        {doc?.error && <Alert text={doc.error.message} />}
        {status === 'dry_running' && (
          <section className="card">
            <h3>{t.dryRunning}</h3>
            <progress max={doc!.progress.bytesTotal} value={doc!.progress.bytesRead} />
          </section>
        )}
        {status === 'dry_run' && doc!.dryRun && <DryRunEditor doc={doc!} flow={flow} />}
        {(status === 'importing' || status === 'imported') && (
          <>
            <RunProgress doc={doc!} />
            {status === 'imported' && (
              <button className="btn primary" onClick={flow.reset}>
                {t.newImport}
              </button>
            )}
          </>
        )}
      </div>
      <ImportHistory refreshKey={flow.historyKey} onChanged={flow.historyChanged} />
    </div>
  );
}
