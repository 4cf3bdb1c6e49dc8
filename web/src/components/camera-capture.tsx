import { useEffect, useRef, useState } from 'preact/hooks';

interface CameraCaptureProps {
  onPhoto: (photo: Blob) => void;
  onClose: () => void;
}

/** A live view of the front camera and a button that takes the photo; the stream stops when closed. */
export function CameraCapture({ onPhoto, onClose }: CameraCaptureProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let stream: MediaStream | undefined;
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 } }, audio: false }).then(
      (opened) => {
        stream = opened;
        if (video.current) video.current.srcObject = opened;
      },
      (failure: DOMException) =>
        setError(
          failure.name === 'NotAllowedError'
            ? 'The camera was not allowed. Allow it in the browser, or choose a photo instead.'
            : failure.name === 'NotFoundError'
              ? 'No camera was found. Choose a photo instead.'
              : `The camera could not be opened (${failure.message}). Choose a photo instead.`,
        ),
    );
    return () => stream?.getTracks().forEach((track) => track.stop());
  }, []);
  const take = () => {
    const source = video.current;
    if (!source || source.videoWidth === 0) return;
    const canvas = document.createElement('canvas');
    canvas.width = source.videoWidth;
    canvas.height = source.videoHeight;
    canvas.getContext('2d')!.drawImage(source, 0, 0);
    canvas.toBlob((blob) => blob && onPhoto(blob), 'image/jpeg', 0.92);
  };
  return (
    <div class="camera" role="group" aria-label="Camera">
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : (
        <video ref={video} autoplay playsinline muted aria-label="What the camera sees" />
      )}
      <div class="actions">
        {!error && (
          <button type="button" class="button primary" onClick={take}>
            Take the photo
          </button>
        )}
        <button type="button" class="button" onClick={onClose}>
          Close the camera
        </button>
      </div>
    </div>
  );
}
