import { useRef, useState } from 'preact/hooks';
import { CameraCapture } from './camera-capture.tsx';

interface PhotoPickerProps {
  busy: boolean;
  onPhoto: (photo: Blob) => void;
}

/** Pick, drop or take a photo (with the camera where the browser allows it), or try the sample. */
export function PhotoPicker({ busy, onPhoto }: PhotoPickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [camera, setCamera] = useState(false);
  // Browsers offer the camera only on secure origins (https, or localhost / 127.0.0.1).
  const canUseCamera = typeof navigator.mediaDevices?.getUserMedia === 'function';
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
        {canUseCamera && (
          <button type="button" class="button" disabled={busy || camera} onClick={() => setCamera(true)}>
            Use the camera
          </button>
        )}
        <button type="button" class="button" disabled={busy} onClick={() => void trySample()}>
          Try a sample photo
        </button>
      </div>
      {camera && (
        <CameraCapture
          onPhoto={(photo) => {
            setCamera(false);
            onPhoto(photo);
          }}
          onClose={() => setCamera(false)}
        />
      )}
      <p class="hint">…or drop a photo here.</p>
      {busy && (
        <p class="progress" role="status">
          <span class="spinner" aria-hidden="true" /> Measuring your skin tone…
        </p>
      )}
    </section>
  );
}
