// Drag and drop (or pick) one export; the source name picks the saved mapping it runs with.
import { useRef, useState, type DragEvent } from 'react';
import { useAdmin } from '../admin-context';

export function UploadBox(props: {
  source: string;
  sources: string[];
  onSource(s: string): void;
  encoding: string;
  onEncoding(e: string): void;
  onFile(f: File): void;
  busy: boolean;
}) {
  const { t } = useAdmin();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  function drop(e: DragEvent) {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f && !props.busy) props.onFile(f);
  }

  return (
    <div className="card upload">
      <div className="upload-options">
        <label className="inline">
          {t.source}
          <input
            name="source"
            list="import-sources"
            value={props.source}
            onChange={(e) => props.onSource(e.target.value)}
          />
          <datalist id="import-sources">
            {props.sources.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <label className="inline">
          {t.encodingChoice}
          <select
            name="encoding"
            value={props.encoding}
            onChange={(e) => props.onEncoding(e.target.value)}
          >
            <option value="auto">{t.encodingAuto}</option>
            <option value="utf-8">UTF-8</option>
            <option value="gb18030">GBK / GB18030</option>
          </select>
        </label>
      </div>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <span>{props.busy ? t.uploading : t.dropHere}</span>
        <button className="btn" disabled={props.busy} onClick={() => input.current?.click()}>
          {t.pickFile}
        </button>
        <input
          ref={input}
          type="file"
          name="file"
          accept=".csv,.tsv,.txt,.xlsx"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) props.onFile(f);
            e.target.value = '';
          }}
        />
      </div>
    </div>
  );
}
