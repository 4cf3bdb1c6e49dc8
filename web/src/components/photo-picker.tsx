import { useRef, useState } from 'preact/hooks';

interface PhotoPickerProps {
  busy: boolean;
  onPhoto: (photo: Blob) => void;
}

/** Pick, drop or take a photo (on a phone the file picker offers the camera), or try the sample. */
export function PhotoPicker({ busy, onPhoto }: PhotoPickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const take = (files: FileList | null | undefined) => {
    const file = files?.[0];
    if (file) onPhoto(file);
  };
  const trySample = async () => onPhoto(await (await fetch('/assets/sample-portrait.jpg')).blob());
  return (
    <section
      class={`picker${dragging ? ' dragging' : ''}`}
      aria-labelledby="picker-title"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        event.preventDefault();
        setDragging(false);
        take(event.dataTransfer?.files);
      }}
    >
      <h2 id="picker-title">Your photo</h2>
      <p>One face, in daylight if you can, without a filter. It goes only to Shine on this machine.</p>
      <div class="actions">
        <label class="button primary">
          Choose or take a photo
          <input ref={input} type="file" accept="image/*" capture="user" disabled={busy} onChange={(event) => take((event.target as HTMLInputElement).files)} />
        </label>
        <button type="button" class="button" disabled={busy} onClick={() => void trySample()}>
          Try a sample photo
        </button>
      </div>
      <p class="hint">…or drop a photo here.</p>
      {busy && (
        <p class="progress" role="status">
          <span class="spinner" aria-hidden="true" /> Measuring your skin tone…
        </p>
      )}
    </section>
  );
}
